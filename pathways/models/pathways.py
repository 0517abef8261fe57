"""Pathways: steps (micro-credentials and learning activities), groups, enrollments."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from core.text import NOTE_MAX, STATEMENT_MAX

from .catalog import CatalogStatus, MicroCredential


class Pathway(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )
    serves = models.CharField(
        max_length=200, blank=True, help_text="The role or growth area, e.g. Teacher Leader."
    )
    roles = models.JSONField(
        default=list, blank=True, help_text="Roles it is meant for; empty means everyone."
    )
    competency = models.ForeignKey(
        "assessments.Item",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pathways",
        help_text="When the pathway serves one competency.",
    )
    is_leadership = models.BooleanField(default=False, help_text="Part of the district's leader pipeline.")
    status = models.CharField(max_length=20, choices=CatalogStatus.choices, default=CatalogStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


class StepGroup(models.Model):
    """Steps of which any `required_count` suffice (n of m)."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="groups")
    title = models.CharField(max_length=200)
    required_count = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["pathway_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(required_count__gte=1), name="group_requires_at_least_one")
        ]

    def __str__(self):
        return f"{self.title} ({self.required_count} of the group)"


class StepKind(models.TextChoices):
    MICRO_CREDENTIAL = "micro_credential", "Micro-credential"
    ACTIVITY = "activity", "Learning activity"


class PathwayStep(models.Model):
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    micro_credential = models.ForeignKey(
        MicroCredential,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pathway_steps",
        help_text="Earning any version of it completes the step.",
    )
    title = models.CharField(max_length=200, blank=True, help_text="For a learning activity.")
    url = models.URLField(max_length=1000, blank=True)
    hours = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    group = models.ForeignKey(
        StepGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="steps"
    )
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="unlocks")

    # Not a column: the prerequisites' ids, set by `steps_by_pathway` (pathways.programs.progress).
    prerequisite_ids: list[int]

    class Meta:
        ordering = ["pathway_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "position"], name="step_position_unique"),
            models.CheckConstraint(
                condition=Q(kind="micro_credential", micro_credential__isnull=False)
                | (Q(kind="activity", micro_credential__isnull=True) & ~Q(title="")),
                name="step_is_a_credential_or_a_titled_activity",
            ),
        ]

    def __str__(self):
        return self.title or str(self.micro_credential)


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Enrollment(models.Model):
    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="enrollments")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ACTIVE
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "person"],
                condition=Q(status__in=["active", "completed"]),
                name="one_live_enrollment_per_pathway",
            )
        ]

    def __str__(self):
        return f"{self.person} on {self.pathway}"


class ActivityCompletion(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="completions")
    step = models.ForeignKey(PathwayStep, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)], blank=True)

    class Meta:
        ordering = ["enrollment_id", "step__position"]
        constraints = [models.UniqueConstraint(fields=["enrollment", "step"], name="one_completion_per_step")]

    def __str__(self):
        return f"{self.step} done"
