"""Every domain's models, imported once for Alembic, the CLI and the tests."""

from hallweb.audit.models import AuditLog
from hallweb.auth.models import EmailToken, Role, RoleName, TokenPurpose, User, UserRole, UserSession
from hallweb.benevolence.models import Application as BenevolenceApplication
from hallweb.benevolence.models import Review as BenevolenceReview
from hallweb.benevolence.models import ReviewerLevel as BenevolenceReviewerLevel
from hallweb.certifications.models import Certification, CertificationType
from hallweb.classifications.models import Classification
from hallweb.grievances.models import Grievance, GrievanceCounter, GrievanceEvent, Holiday
from hallweb.members.models import Employment, LinkRequestStatus, Member, MemberLinkRequest, MemberStatus
from hallweb.organizations.models import Contact, Organization, OrganizationKind
from hallweb.organizing.models import Activity, SaltApplication, SaltFollowUp
from hallweb.outbox.models import OutboxMessage, OutboxStatus
from hallweb.training.models import (
    Assessment,
    Attendance,
    ClassSession,
    Cohort,
    Course,
    CourseWeight,
    Enrollment,
    Grade,
    Student,
    StudentNumberCounter,
    TranscriptCode,
)

__all__ = [
    "Certification",
    "CertificationType",
    "BenevolenceApplication",
    "BenevolenceReview",
    "BenevolenceReviewerLevel",
    "Activity",
    "SaltApplication",
    "SaltFollowUp",
    "Classification",
    "Contact",
    "Employment",
    "Grievance",
    "GrievanceCounter",
    "GrievanceEvent",
    "Holiday",
    "LinkRequestStatus",
    "Member",
    "MemberLinkRequest",
    "MemberStatus",
    "Organization",
    "OrganizationKind",
    "AuditLog",
    "EmailToken",
    "OutboxMessage",
    "OutboxStatus",
    "Role",
    "RoleName",
    "TokenPurpose",
    "User",
    "UserRole",
    "UserSession",
    "Assessment",
    "Attendance",
    "ClassSession",
    "Cohort",
    "Course",
    "CourseWeight",
    "Enrollment",
    "Grade",
    "Student",
    "StudentNumberCounter",
    "TranscriptCode",
]
