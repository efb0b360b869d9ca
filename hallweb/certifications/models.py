"""A member's certificate (OSHA 10, CPR, forklift...): stored status active, pending, revoked or renewed;
"expired" is never stored but read from the expiry date and today (validity.py)."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    literal_column,
    text,
    type_coerce,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hallweb.db.db_types import UTCDateTime, utcnow
from hallweb.db.search_keys import key_string, search_key
from hallweb.extensions import db
from hallweb.members.models import Member


class CertificationType(StrEnum):
    OSHA_10 = "osha_10"
    OSHA_30 = "osha_30"
    FIRST_AID = "first_aid"
    CPR = "cpr"
    FORKLIFT = "forklift"
    AERIAL_LIFT = "aerial_lift"
    CONFINED_SPACE = "confined_space"
    HAZMAT = "hazmat"
    FLAGGER = "flagger"
    ELECTRICAL_TRAINEE = "electrical_trainee"
    OTHER = "other"

    @property
    def label(self) -> str:
        return TYPE_LABELS[self]


TYPE_LABELS = {
    CertificationType.OSHA_10: "OSHA 10",
    CertificationType.OSHA_30: "OSHA 30",
    CertificationType.FIRST_AID: "First aid",
    CertificationType.CPR: "CPR",
    CertificationType.FORKLIFT: "Forklift",
    CertificationType.AERIAL_LIFT: "Aerial lift",
    CertificationType.CONFINED_SPACE: "Confined space",
    CertificationType.HAZMAT: "Hazmat (HAZWOPER)",
    CertificationType.FLAGGER: "Flagger",
    CertificationType.ELECTRICAL_TRAINEE: "Electrical trainee",
    CertificationType.OTHER: "Other",
}


class StoredStatus(StrEnum):
    """What a person decided; "expired" is not among them: time decides it (validity.validity_of)."""

    ACTIVE = "active"
    PENDING = "pending"  # awaiting the card: training done, certificate not issued yet
    REVOKED = "revoked"
    RENEWED = "renewed"  # superseded by the certificate that renews it; kept as history


# Where a certificate that never expires sorts among expiry dates: after every one. Keyset pages need a sort key
# that is never NULL; the index below is on this very expression, so lists sorted by expiry read it in order.
NEVER_EXPIRES = "'9999-12-31'"


class Certification(db.Model):
    __tablename__ = "certifications"
    noun = "certification"
    __table_args__ = (
        CheckConstraint(
            "type IN ('osha_10', 'osha_30', 'first_aid', 'cpr', 'forklift', 'aerial_lift', 'confined_space', "
            "'hazmat', 'flagger', 'electrical_trainee', 'other')",
            name="type_known",
        ),
        CheckConstraint("status IN ('active', 'pending', 'revoked', 'renewed')", name="status_known"),
        CheckConstraint("expiry_date IS NULL OR expiry_date >= issue_date", name="expires_after_issue"),
        CheckConstraint(
            "status <> 'revoked' OR (revocation_reason IS NOT NULL AND revocation_reason <> '')",
            name="revoked_with_reason",
        ),
        CheckConstraint("renews_id IS NULL OR renews_id <> id", name="renews_another"),
        # Keyset pages: each index ends with id, the tie-break of every sort.
        Index("ix_certifications_expiry_order_id", text(f"coalesce(expiry_date, {NEVER_EXPIRES})"), "id"),
        Index("ix_certifications_issue_date_id", "issue_date", "id"),
        Index("ix_certifications_status_expiry", "status", "expiry_date"),
        Index("ix_certifications_number_key", "number_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    type: Mapped[str] = mapped_column(String(24), index=True)
    status: Mapped[str] = mapped_column(String(16), default=StoredStatus.ACTIVE)
    issue_date: Mapped[date] = mapped_column(Date)
    expiry_date: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str | None] = mapped_column(String(200))
    certificate_number: Mapped[str | None] = mapped_column(String(80))
    number_key: Mapped[str | None] = mapped_column(key_string(80))  # lower-cased, for prefix search
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    # The certificate this one renews: at most one renewal each (unique), the old one kept as history.
    # NO ACTION, not RESTRICT: checked at the end of a statement, so a whole chain can go in one (tests do).
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("certifications.id"), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    member: Mapped[Member] = relationship()
    renews: Mapped["Certification | None"] = relationship(remote_side=[id], foreign_keys=[renews_id])

    __mapper_args__ = {"version_id_col": version}

    @validates("certificate_number")
    def _keep_number_key(self, field, value):
        self.number_key = search_key(value)[:80] or None
        return value

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def is_archived(self) -> bool:  # read by versioning.ensure_editable: a certificate is never archived
        return False


# The expiry date as lists sort it: a certificate that never expires comes after every date.
expiry_order = type_coerce(func.coalesce(Certification.expiry_date, literal_column(NEVER_EXPIRES)), Date).label(
    "expiry_order"
)
