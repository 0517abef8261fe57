"""Micro-credentials, the evidence people submit for them, its review, the credentials
earned, and pathways that string credentials and learning activities together.

A micro-credential certifies one competency against a public scoring guide: its
requirements and what passes are visible before anyone applies. Published versions are
frozen; changing one means a new version in the same lineage, so a submission is always
judged against the requirements it answered. Every attempt is kept: after "not yet" the
person resubmits as a new attempt linked to the earlier one.
"""

from .catalog import CatalogStatus, MicroCredential, Requirement, RequirementKind
from .credentials import Credential, CredentialKind, SigningKey
from .pathways import (
    ActivityCompletion,
    Enrollment,
    EnrollmentStatus,
    Pathway,
    PathwayStep,
    StepGroup,
    StepKind,
)
from .submissions import (
    OPEN_SUBMISSION_STATUSES,
    Answer,
    Decision,
    RequirementScore,
    Review,
    Reviewer,
    ReviewReminder,
    ReviewRole,
    Submission,
    SubmissionStatus,
    evidence_path,
)

__all__ = [
    "OPEN_SUBMISSION_STATUSES",
    "ActivityCompletion",
    "Answer",
    "CatalogStatus",
    "Credential",
    "CredentialKind",
    "Decision",
    "Enrollment",
    "EnrollmentStatus",
    "MicroCredential",
    "Pathway",
    "PathwayStep",
    "Requirement",
    "RequirementKind",
    "RequirementScore",
    "Review",
    "ReviewReminder",
    "ReviewRole",
    "Reviewer",
    "SigningKey",
    "StepGroup",
    "StepKind",
    "Submission",
    "SubmissionStatus",
    "evidence_path",
]
