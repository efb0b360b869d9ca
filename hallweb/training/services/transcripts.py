"""Transcript verification codes: whoever holds one may confirm a transcript's name, dates and outcome."""

import hashlib
import secrets

from sqlalchemy import select

from hallweb.audit import services as audit
from hallweb.extensions import db
from hallweb.policies import ensure
from hallweb.training.models import Student, TranscriptCode
from hallweb.training.policies import can_manage_training

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on paper
GROUPS, GROUP_SIZE = 4, 5  # 20 characters of 32: 100 bits, not worth guessing


def code_hash(code: str) -> str:
    return hashlib.sha256(normalized(code).encode()).hexdigest()


def normalized(code: str) -> str:
    """A code as typed, spaces, dashes and case aside."""
    return "".join(ch for ch in (code or "").upper() if ch in ALPHABET)


def issue_code(student: Student, *, actor) -> str:
    """A new verification code for the student's transcript, returned once to be printed; only its SHA-256
    is stored, so neither the database nor its backups can be used to look a transcript up. Staff issue
    codes, and a member for their own transcript."""
    own = student.member.user_id is not None and student.member.user_id == getattr(actor, "id", None)
    ensure(can_manage_training(actor) or own)
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE))
    db.session.add(TranscriptCode(student_id=student.id, code_hash=code_hash(raw), issued_by_id=actor.id))
    db.session.flush()
    audit.record(actor, "training.transcript_code_issued", student, {})
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, len(raw), GROUP_SIZE))


def student_of_code(code: str) -> Student | None:
    """The student whose transcript a code verifies, or None (a wrong code, and nothing else, is said)."""
    if len(normalized(code)) != GROUPS * GROUP_SIZE:
        return None
    return db.session.scalar(
        select(Student)
        .join(TranscriptCode, TranscriptCode.student_id == Student.id)
        .where(TranscriptCode.code_hash == code_hash(code))
    )
