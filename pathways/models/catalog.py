"""The catalog: micro-credentials and their requirements (the public scoring guide)."""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from core.text import STATEMENT_MAX

if TYPE_CHECKING:
    from assessments.models import Theme


class CatalogStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class MicroCredential(models.Model):
    lineage = models.UUIDField(
        default=uuid.uuid4, db_index=True, help_text="Shared by every version of the same micro-credential."
    )
    version = models.PositiveIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    title = models.CharField(max_length=200)
    competency = models.ForeignKey(
        "assessments.Item", on_delete=models.PROTECT, related_name="micro_credentials"
    )
    summary = models.TextField(
        max_length=1_000,
        validators=[MaxLengthValidator(1_000)],
        blank=True,
        help_text="One or two sentences for the catalog.",
    )
    key_method = models.TextField(
        max_length=STATEMENT_MAX,
        validators=[MaxLengthValidator(STATEMENT_MAX)],
        help_text="The practice the educator shows.",
    )
    method_components = models.JSONField(
        default=list, blank=True, help_text="The parts of the key method, in order (list of strings)."
    )
    rationale = models.TextField(
        max_length=10_000,
        validators=[MaxLengthValidator(10_000)],
        blank=True,
        help_text="Why it matters: research and rationale.",
    )
    resources = models.JSONField(default=list, blank=True, help_text='Links: [{"title": ..., "url": ...}].')
    roles = models.JSONField(
        default=list, blank=True, help_text="Roles it is meant for, e.g. ['teacher']; empty means everyone."
    )
    hours = models.DecimalField(
        max_digits=5, decimal_places=1, default=0, help_text="Professional-learning hours it is worth."
    )
    status = models.CharField(max_length=20, choices=CatalogStatus.choices, default=CatalogStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # Not columns: set on the instance by `micro_credential_detail_for_actor` for its page.
    requirement_list: list["Requirement"]
    theme_list: list["Theme"]

    class Meta:
        ordering = ["title", "-version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="micro_credential_version_unique"),
            models.UniqueConstraint(
                fields=["lineage"],
                condition=Q(status="published"),
                name="one_published_version_per_lineage",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class RequirementKind(models.TextChoices):
    TEXT = "text", "Written response"
    LINK = "link", "Link"
    FILE = "file", "File"


class Requirement(models.Model):
    """One prompt of a micro-credential, and the scoring guide's word on what passes."""

    micro_credential = models.ForeignKey(
        MicroCredential, on_delete=models.CASCADE, related_name="requirements"
    )
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    prompt = models.TextField(max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)])
    kind = models.CharField(max_length=10, choices=RequirementKind.choices)
    word_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="For written responses: the most words accepted."
    )
    passing_criteria = models.TextField(
        max_length=STATEMENT_MAX,
        validators=[MaxLengthValidator(STATEMENT_MAX)],
        help_text="The scoring guide: what a passing response shows.",
    )

    class Meta:
        ordering = ["micro_credential_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["micro_credential", "position"], name="requirement_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind="text") | Q(word_limit__isnull=True),
                name="word_limit_only_for_text",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"
