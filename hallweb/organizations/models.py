"""Organizations: signatory employers, organizing targets, training partners, agencies, other unions."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hallweb.db.archiving import Archivable
from hallweb.db.db_types import UTCDateTime, utcnow
from hallweb.db.search_keys import key_string, search_key
from hallweb.extensions import db


class OrganizationKind(StrEnum):
    EMPLOYER = "employer"
    NON_UNION = "non_union"
    TRAINING_PARTNER = "training_partner"
    GOVERNMENT_AGENCY = "government_agency"
    OTHER_UNION = "other_union"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    OrganizationKind.EMPLOYER: "Signatory employer",
    OrganizationKind.NON_UNION: "Non-union employer",
    OrganizationKind.TRAINING_PARTNER: "Training partner",
    OrganizationKind.GOVERNMENT_AGENCY: "Government agency",
    OrganizationKind.OTHER_UNION: "Other union",
}
EMPLOYER_KINDS = (OrganizationKind.EMPLOYER, OrganizationKind.NON_UNION)


class Organization(Archivable, db.Model):
    __tablename__ = "organizations"
    noun = "organization"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('employer', 'non_union', 'training_partner', 'government_agency', 'other_union')",
            name="kind_known",
        ),
        Index("ix_organizations_name_key_id", "name_key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(key_string())
    kind: Mapped[str] = mapped_column(String(24), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    contacts: Mapped[list["Contact"]] = relationship(
        back_populates="organization", order_by="Contact.name", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @validates("name")
    def _keep_search_key(self, field, value):
        self.name_key = search_key(value)
        return value

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[OrganizationKind(self.kind)]


class Contact(db.Model):
    __tablename__ = "organization_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))

    organization: Mapped[Organization] = relationship(back_populates="contacts")
