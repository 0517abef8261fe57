from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q

from core.dates import validate_district_date
from core.roles import DISTRICT_ROLES, SCHOOL_ROLES, Role
from core.text import STATEMENT_MAX
from core.time import district_today


class GradeBand(models.TextChoices):
    ELEMENTARY = "elementary", "Elementary"
    MIDDLE = "middle", "Middle"
    HIGH = "high", "High"
    K12 = "k12", "K-12"
    OTHER = "other", "Other"


class ImplementationStage(models.TextChoices):
    GETTING_STARTED = "getting_started", "Getting started"
    MOVING_FORWARD = "moving_forward", "Moving forward"
    SUSTAINING = "sustaining", "Sustaining"


class School(models.Model):
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=20, unique=True, help_text="The district's code for the school.")
    grade_band = models.CharField(max_length=20, choices=GradeBand.choices)
    stage = models.CharField(
        "implementation stage",
        max_length=20,
        choices=ImplementationStage.choices,
        default=ImplementationStage.GETTING_STARTED,
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The school's org id in the district's SIS (OneRoster `sourcedId`): rostering matches by
    # it first, then by code. Empty for schools added by hand.
    sourced_id = models.CharField("SIS sourcedId", max_length=255, blank=True, default="")

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sourced_id"], condition=~Q(sourced_id=""), name="school_sourced_id_unique"
            )
        ]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        """Memberships in force on a date (today in the district by default)."""
        day = on or district_today()
        return self.filter(is_active=True, start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class MembershipSource(models.TextChoices):
    MANUAL = "manual", "Set by hand"
    ROSTER = "roster", "From the SIS roster"


class Membership(models.Model):
    """A person's role at a school, or at the central office (no school)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    position = models.CharField(
        max_length=120, blank=True, help_text="e.g. Principal, Assistant principal, Grade 3 teacher"
    )
    start_date = models.DateField(validators=[validate_district_date])
    end_date = models.DateField(validators=[validate_district_date], null=True, blank=True)
    is_active = models.BooleanField(
        default=True, help_text="Cleared when the membership is ended; kept for history."
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Who set it: a roster sync ends only the memberships it made itself, never those set by hand.
    source = models.CharField(
        max_length=10, choices=MembershipSource.choices, default=MembershipSource.MANUAL
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user_id", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_end_not_before_start",
                violation_error_message="A membership's end date cannot precede its start date.",
            ),
            models.CheckConstraint(
                condition=(Q(role__in=sorted(SCHOOL_ROLES)) & Q(school__isnull=False))
                | (Q(role__in=sorted(DISTRICT_ROLES)) & Q(school__isnull=True)),
                name="membership_school_matches_role",
                violation_error_message="Teachers, coaches and school leaders belong to a school; "
                "central office and district administrators do not.",
            ),
            models.UniqueConstraint(
                fields=["user", "school", "role"],
                condition=Q(is_active=True),
                nulls_distinct=False,
                name="membership_one_active_per_role_and_school",
                violation_error_message="This person already holds this role there.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["school", "role"], condition=Q(is_active=True), name="membership_active_school"
            )
        ]

    def __str__(self):
        where = self.school.name if self.school_id else "Central office"
        return f"{self.user} — {self.get_role_display()} at {where}"

    @property
    def is_current(self) -> bool:
        return self.in_force()

    def in_force(self, on=None) -> bool:
        """In force on a date (today in the district by default); mirrors the queryset's current()."""
        day = on or district_today()
        return self.is_active and self.start_date <= day and (self.end_date is None or self.end_date >= day)


class SupervisionQuerySet(models.QuerySet):
    def open(self):
        """Not ended, including links that start later (at most one per pair)."""
        return self.filter(ended_on__isnull=True)

    def current(self, on=None):
        """In force on a date (today in the district by default)."""
        return self.open().filter(started_on__lte=on or district_today())

    def supervisee_ids(self, supervisor, on=None):
        """The people `supervisor` supervises on a date (today by default), as a subquery of ids."""
        return self.current(on).filter(supervisor=supervisor).values("supervisee_id")

    def supervisor_ids(self, supervisee):
        """The people supervising `supervisee` today, as a subquery of ids."""
        return self.current().filter(supervisee=supervisee).values("supervisor_id")

    def supervises(self, supervisor, supervisee) -> bool:
        return self.current().filter(supervisor=supervisor, supervisee=supervisee).exists()


class Supervision(models.Model):
    """Who supervises whom: a principal supervisor → principals, a principal → teachers."""

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervisions_given"
    )
    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervisions_received"
    )
    started_on = models.DateField(validators=[validate_district_date])
    ended_on = models.DateField(validators=[validate_district_date], null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        ordering = ["supervisor_id", "supervisee_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="supervision_end_not_before_start",
                violation_error_message="A supervision cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(supervisor=F("supervisee")),
                name="supervision_not_self",
                violation_error_message="Nobody supervises themselves.",
            ),
            models.UniqueConstraint(
                fields=["supervisor", "supervisee"],
                condition=Q(ended_on__isnull=True),
                name="supervision_one_current_per_pair",
                violation_error_message="This supervision already exists.",
            ),
        ]

    def __str__(self):
        return f"{self.supervisor} supervises {self.supervisee}"


class DistrictPolicy(models.Model):
    """Choices a district makes for itself, one row per district schema.

    Read with `DistrictPolicy.current()`; district administrators change it.
    """

    goals_require_approval = models.BooleanField(
        default=False, help_text="A supervisor approves each goal before it becomes active."
    )
    check_in_escalation_days = models.PositiveSmallIntegerField(
        default=5, help_text="Days after a check-in falls overdue before the coach or supervisor is told."
    )
    credential_max_attempts = models.PositiveSmallIntegerField(
        default=3, help_text="How many attempts a person has at one micro-credential."
    )
    blind_review = models.BooleanField(
        default=False,
        help_text="Reviewers see neither the name nor the school, and never review their supervisees.",
    )
    second_review_percent = models.PositiveSmallIntegerField(
        default=10,
        help_text="The share of submissions (0 to 100 %) that also get a second, independent review.",
    )
    review_target_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days a review may wait before its reviewer is reminded."
    )
    case_anonymous_reads = models.BooleanField(
        default=False,
        help_text="Anyone may read the adopted frameworks marked public from the CASE provider, without "
        "credentials.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "district policies"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="one_policy_per_district")]

    def __str__(self):
        return "District policy"

    @classmethod
    def current(cls) -> "DistrictPolicy":
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


class Vision(models.Model):
    """The district's vision for competency-based education, one row per district schema.

    Read with `Vision.current()`; district administrators write it.
    """

    statement = models.TextField(max_length=10_000, validators=[MaxLengthValidator(10_000)], blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="one_vision_per_district")]

    def __str__(self):
        return "District vision"

    @classmethod
    def current(cls) -> "Vision":
        vision, _ = cls.objects.get_or_create(pk=1)
        return vision


class RoadmapPhase(models.Model):
    """One phase of the district's roadmap. The phases are the schools' implementation
    stages (get started, move forward, sustain), so each school's stage places it on the
    roadmap."""

    stage = models.CharField(max_length=20, choices=ImplementationStage.choices, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )
    starts_on = models.DateField(validators=[validate_district_date], null=True, blank=True)
    ends_on = models.DateField(validators=[validate_district_date], null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="roadmap_phase_ends_after_start",
                violation_error_message="A phase cannot end before it starts.",
            )
        ]

    def __str__(self):
        return self.title


class RoadmapMilestone(models.Model):
    phase = models.ForeignKey(RoadmapPhase, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    description = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )
    due_on = models.DateField(validators=[validate_district_date])
    done_on = models.DateField(validators=[validate_district_date], null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phase_id", "due_on", "id"]

    def __str__(self):
        return self.title
