"""Competency frameworks, shaped so that any CASE package maps onto them without loss.

A framework is a tree of items of any depth (CASE CFItems joined by isChildOf). Lodestar
reads roles off the tree: indicators are the rated leaves, competencies the items directly
above indicators, domains the other top-level groupings. Every object imported from CASE
keeps its original JSON (`case_json`) so that exporting an untouched framework gives back
the package it came from; the modelled fields are laid over it on export.
"""

import uuid

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from core.dates import validate_district_date
from core.text import LONG_MAX, STATEMENT_MAX


class Audience(models.TextChoices):
    LEADERS = "leaders", "School leaders"
    EDUCATORS = "educators", "Educators"


class AdoptionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ADOPTED = "adopted", "Adopted"
    DEPRECATED = "deprecated", "Deprecated"


class ItemKind(models.TextChoices):
    DOMAIN = "domain", "Domain"
    GROUP = "group", "Group"
    COMPETENCY = "competency", "Competency"
    INDICATOR = "indicator", "Indicator"


class CaseObject(models.Model):
    """Identity shared by everything that travels in a CASE package."""

    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uri = models.URLField(max_length=500, blank=True)
    case_json = models.JSONField(default=dict, blank=True, help_text="The object as last imported.")

    class Meta:
        abstract = True


class Framework(CaseObject):
    title = models.CharField(max_length=300)
    version = models.CharField(max_length=50, blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    source = models.CharField(max_length=300, blank=True, help_text="Who wrote it (CASE creator).")
    description = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )
    adoption_status = models.CharField(
        max_length=20, choices=AdoptionStatus.choices, default=AdoptionStatus.DRAFT
    )
    case_version = models.CharField(max_length=5, default="1.1", help_text="CASE version it came in.")
    source_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Where the CASE package was imported from (checked for updates).",
    )
    is_public = models.BooleanField(
        default=False,
        help_text="Served to CASE readers without credentials, when the district allows anonymous reads "
        "(and while it is adopted).",
    )
    case_definitions = models.JSONField(
        default=dict, blank=True, help_text="CFDefinitions other than concepts (kept for export)."
    )
    origin = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The framework this one was copied from.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return f"{self.title} ({self.version})" if self.version else self.title


class Theme(CaseObject):
    """A cross-cutting theme (CASE CFConcept) that tags competencies or indicators."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(max_length=200)
    description = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework_id", "position", "id"]

    def __str__(self):
        return self.title


class Item(CaseObject):
    """A CFItem: a domain, a grouping, a competency or an indicator."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    # CASE's sequenceNumber among its siblings; null where the source gave none (never
    # exported as 0). Unsequenced siblings come after the sequenced ones, in import order.
    sequence = models.PositiveIntegerField(default=1, null=True, blank=True)
    depth = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    item_type = models.CharField(max_length=100, blank=True, help_text="The CASE CFItemType.")
    code = models.CharField(max_length=50, blank=True, help_text="e.g. LC.1 (humanCodingScheme).")
    title = models.CharField(max_length=300, blank=True, help_text="Short title (abbreviatedStatement).")
    statement = models.TextField(
        max_length=STATEMENT_MAX,
        validators=[MaxLengthValidator(STATEMENT_MAX)],
        help_text="The full statement.",
    )
    description = models.TextField(
        max_length=STATEMENT_MAX,
        validators=[MaxLengthValidator(STATEMENT_MAX)],
        blank=True,
        help_text="Notes.",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="items")
    is_retired = models.BooleanField(
        default=False, help_text="Removed upstream; kept because people may have rated it."
    )
    # The isChildOf association that places this item, kept for a lossless export; null for
    # an imported item its package placed nowhere (no association is invented for it).
    placement_identifier = models.UUIDField(default=uuid.uuid4, null=True, editable=False, db_index=True)
    placement_json = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["framework_id", "depth", "sequence", "id"]
        indexes = [
            models.Index(fields=["framework", "kind"], condition=Q(is_retired=False), name="item_live_kind")
        ]

    def __str__(self):
        return f"{self.code} {self.title or self.statement[:60]}".strip()

    @property
    def label(self) -> str:
        return self.title or self.statement


class Association(CaseObject):
    """A CASE association other than the hierarchy (isPeerOf, exactMatchOf, precedes, …)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="associations")
    association_type = models.CharField(max_length=50)
    origin = models.JSONField(help_text="LinkURI of the origin node.")
    destination = models.JSONField(help_text="LinkURI of the destination node.")
    sequence = models.IntegerField(null=True, blank=True)
    grouping = models.JSONField(null=True, blank=True, help_text="LinkURI of its CFAssociationGrouping.")

    class Meta:
        ordering = ["framework_id", "id"]

    def __str__(self):
        return f"{self.association_type} {self.identifier}"


class Level(models.Model):
    """One step of a framework's performance scale, e.g. Proficient = 3."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(max_length=100)
    value = models.DecimalField(max_digits=6, decimal_places=2)
    position = models.PositiveSmallIntegerField()
    is_proficient = models.BooleanField(default=False)

    class Meta:
        ordering = ["framework_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "position"], name="level_position_unique"),
            models.UniqueConstraint(fields=["framework", "name"], name="level_name_unique"),
        ]

    def __str__(self):
        return self.name


class Rubric(CaseObject):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rubrics")
    title = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework_id", "position", "id"]

    def __str__(self):
        return self.title or str(self.identifier)


class Criterion(CaseObject):
    """A CFRubricCriterion: how one item (usually an indicator) is judged."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="criteria")
    position = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["rubric_id", "position", "id"]

    def __str__(self):
        return f"Criterion for {self.item}" if self.item_id else str(self.identifier)


class Descriptor(CaseObject):
    """A CFRubricCriterionLevel: what an indicator looks like at one level."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="descriptors")
    level = models.ForeignKey(
        Level, null=True, blank=True, on_delete=models.SET_NULL, related_name="descriptors"
    )
    text = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )
    position = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["criterion_id", "position", "id"]

    def __str__(self):
        return self.text[:80]


class SelfAssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class SelfAssessment(models.Model):
    """One round of a person rating themselves on a framework. Locked once submitted."""

    person = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="self_assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="self_assessments")
    status = models.CharField(
        max_length=20, choices=SelfAssessmentStatus.choices, default=SelfAssessmentStatus.DRAFT
    )
    reflection = models.TextField(max_length=LONG_MAX, validators=[MaxLengthValidator(LONG_MAX)], blank=True)
    focus_competencies = models.ManyToManyField(Item, blank=True, related_name="focused_in")
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "framework"],
                condition=Q(status="draft"),
                name="one_draft_self_assessment_per_framework",
            )
        ]
        indexes = [models.Index(fields=["person", "framework", "status"])]

    def __str__(self):
        return f"{self.person} on {self.framework} ({self.get_status_display()})"

    @property
    def is_locked(self) -> bool:
        return self.status == SelfAssessmentStatus.SUBMITTED


class Rating(models.Model):
    """A person's rating of one indicator: a level, or not yet applicable with a reason."""

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    indicator = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="ratings")
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings")
    not_applicable = models.BooleanField(default=False)
    not_applicable_reason = models.CharField(max_length=300, blank=True)
    evidence = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )
    note = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["self_assessment_id", "indicator_id"]
        indexes = [
            # The dashboards read whole rounds' levels: this lets them read the index alone.
            models.Index(
                fields=["self_assessment"], include=["indicator", "level"], name="rating_round_levels"
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["self_assessment", "indicator"], name="one_rating_per_indicator"),
            models.CheckConstraint(
                condition=(Q(level__isnull=False) & Q(not_applicable=False))
                | (Q(level__isnull=True) & Q(not_applicable=True) & ~Q(not_applicable_reason="")),
                name="rating_is_a_level_or_not_applicable_with_reason",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.level or 'not yet applicable'}"


class AssessmentWindow(models.Model):
    """A period in which the central office asks people in scope to assess themselves."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="windows")
    title = models.CharField(max_length=200)
    roles = models.JSONField(help_text="Roles in scope, e.g. ['teacher', 'coach'].")
    schools = models.ManyToManyField("schools.School", blank=True, related_name="assessment_windows")
    opens_on = models.DateField(validators=[validate_district_date])
    closes_on = models.DateField(validators=[validate_district_date])
    reminder_days = models.JSONField(
        default=list,
        blank=True,
        help_text="Days before closing to remind who has not submitted, e.g. [7, 1].",
    )
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="window_closes_after_it_opens",
                violation_error_message="A window cannot close before it opens.",
            )
        ]

    def __str__(self):
        return self.title


class WindowReminder(models.Model):
    """One reminder sent to one person for one window at one point before it closes.
    The unique constraint is what makes the reminder job send each reminder once."""

    window = models.ForeignKey(AssessmentWindow, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["window", "person", "days_before"], name="one_reminder_per_point")
        ]

    def __str__(self):
        return f"{self.window} reminder to {self.person} ({self.days_before} days before)"


class PerceptionSurvey(models.Model):
    """A school leader invites their staff to rate them on a leadership framework."""

    leader = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="perception_surveys")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="perception_surveys")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="perception_surveys")
    closes_on = models.DateField(validators=[validate_district_date])
    is_closed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Staff perception of {self.leader} ({self.framework})"


class PerceptionInvitation(models.Model):
    """Who may answer, and whether they have. Never linked to what they answered."""

    survey = models.ForeignKey(PerceptionSurvey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="perception_invitations"
    )
    has_responded = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="one_invitation_per_person")]

    def __str__(self):
        return f"{self.person} invited to {self.survey}"


class PerceptionResponse(models.Model):
    """One anonymous answer: no person, and only the date it came in."""

    survey = models.ForeignKey(PerceptionSurvey, on_delete=models.CASCADE, related_name="responses")
    received_on = models.DateField(auto_now_add=True)

    def __str__(self):
        return f"Response to {self.survey}"


class PerceptionRating(models.Model):
    response = models.ForeignKey(PerceptionResponse, on_delete=models.CASCADE, related_name="ratings")
    indicator = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="perception_ratings")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="perception_ratings")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "indicator"], name="one_perception_rating_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.level}"
