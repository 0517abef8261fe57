"""Attempts at a micro-credential, their answers, and their review."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from core.text import ANSWER_MAX, STATEMENT_MAX
from core.uploads import district_file_path

from .catalog import MicroCredential, Requirement

if TYPE_CHECKING:
    from accounts.models import User


class SubmissionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"  # waiting for a reviewer to be assigned
    IN_REVIEW = "in_review", "In review"
    EARNED = "earned", "Earned"
    NOT_YET = "not_yet", "Not yet"


OPEN_SUBMISSION_STATUSES = (
    SubmissionStatus.IN_PROGRESS,
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.IN_REVIEW,
)


class Submission(models.Model):
    """One attempt at a micro-credential. "Not started" is the absence of any attempt."""

    micro_credential = models.ForeignKey(
        MicroCredential, on_delete=models.PROTECT, related_name="submissions"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions")
    attempt = models.PositiveSmallIntegerField(default=1)
    previous_attempt = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_attempt"
    )
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.IN_PROGRESS
    )
    needs_second_review = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    # Not columns: set on the instance by `submission_detail_for_actor` (pathways.submissions
    # .selectors) for its page and API, and prefetched by `review_detail_for_actor`.
    hide_person: bool
    is_owner: bool
    read_as_administrator: bool
    answer_rows: list[dict[str, Any]]
    revised_as: "Submission | None"
    results: dict[str, Any] | None
    max_attempts: int
    attempts_left: int
    may_resubmit: bool
    completed_reviews: list["Review"]

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "micro_credential", "attempt"], name="submission_attempt_unique"
            ),
            models.UniqueConstraint(
                fields=["person", "micro_credential"],
                condition=Q(status__in=["in_progress", "submitted", "in_review"]),
                name="one_open_submission_per_credential",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return f"{self.person} on {self.micro_credential} (attempt {self.attempt})"


def evidence_path(instance, filename: str) -> str:
    return district_file_path(f"submissions/{instance.submission_id}", filename)


class Answer(models.Model):
    """The response to one requirement: text, a link or a file, by the requirement's kind."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(max_length=ANSWER_MAX, validators=[MaxLengthValidator(ANSWER_MAX)], blank=True)
    url = models.URLField(max_length=1000, blank=True)
    file = models.FileField(upload_to=evidence_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not a column: the file's name as the reader may see it, set by the evidence selectors.
    download_name: str

    class Meta:
        ordering = ["submission_id", "requirement__position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "requirement"], name="one_answer_per_requirement")
        ]

    def __str__(self):
        return f"Answer to {self.requirement}"


class Reviewer(models.Model):
    """Someone district admins have put in the pool of micro-credential reviewers.
    `last_assigned_at` is what "in turn" means: the next review goes to whoever has
    waited longest."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer")
    is_active = models.BooleanField(default=True)
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name", "id"]

    def __str__(self):
        return str(self.person)


class ReviewRole(models.TextChoices):
    FIRST = "first", "First review"
    SECOND = "second", "Second, independent review"
    ADJUDICATION = "adjudication", "Deciding review (reviewers disagreed)"


class Decision(models.TextChoices):
    EARNED = "earned", "Earned"
    NOT_YET = "not_yet", "Not yet"


class Review(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    role = models.CharField(max_length=20, choices=ReviewRole.choices, default=ReviewRole.FIRST)
    blind = models.BooleanField(
        default=False, help_text="The reviewer sees neither the name nor the school (fixed when assigned)."
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    comment = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )

    # Not columns: set on the instance by `review_detail_for_actor` (pathways.reviews.selectors),
    # blinded for the actor reading it.
    submitter: "User | None"
    submitter_schools: list[str]
    score_list: list["RequirementScore"]
    items: list[dict[str, Any]]
    others_shown: list["Review"]
    scores_by_requirement: dict[int, "RequirementScore"]

    class Meta:
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "role"], name="one_review_per_role"),
            models.UniqueConstraint(fields=["submission", "reviewer"], name="one_review_per_reviewer"),
            models.CheckConstraint(
                condition=(Q(completed_at__isnull=True) & Q(decision=""))
                | (Q(completed_at__isnull=False) & ~Q(decision="")),
                name="review_decided_when_completed",
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "completed_at"])]

    def __str__(self):
        return f"{self.get_role_display()} of {self.submission}"


class RequirementScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField()
    feedback = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )

    class Meta:
        ordering = ["review_id", "requirement__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "requirement"], name="one_score_per_requirement")
        ]

    def __str__(self):
        return f"{self.requirement}: {'pass' if self.passed else 'not yet'}"


class ReviewReminder(models.Model):
    """The n-th reminder about one pending review. The unique constraint is what makes the
    reminder job send each reminder once, however often it runs."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reminders")
    number = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="one_reminder_per_number")]

    def __str__(self):
        return f"Reminder {self.number} for {self.review}"
