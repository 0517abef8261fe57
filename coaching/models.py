"""Coaching cycles, observations, feedback, goals and check-ins.

Privacy is part of the shape: everything recorded inside a cycle belongs to its coach and
coachee (the coaching firewall). A coachee may share single observations, feedback or
notes with their supervisor (`shared_with_supervisor`); selectors in coaching/cycles/selectors/
are the only way to read them.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q

from core.dates import validate_district_date
from core.text import LONG_MAX, NOTE_MAX, STATEMENT_MAX
from core.uploads import district_file_path


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    BIWEEKLY = "biweekly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"


# --- Coaching cycles ---------------------------------------------------------------------


class CycleStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    OBSERVING = "observing", "Observing"
    FEEDBACK = "feedback", "Feedback"
    REFLECTING = "reflecting", "Reflecting"
    CLOSED = "closed", "Closed"


class CoachingCycle(models.Model):
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cycles_coached"
    )
    coachee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cycles_received"
    )
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.PROTECT, related_name="coaching_cycles"
    )
    title = models.CharField(max_length=200)
    focus_indicators = models.ManyToManyField("assessments.Item", blank=True, related_name="coaching_cycles")
    goals = models.ManyToManyField("coaching.Goal", blank=True, related_name="coaching_cycles")
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.BIWEEKLY)
    starts_on = models.DateField(validators=[validate_district_date])
    ends_on = models.DateField(validators=[validate_district_date])
    status = models.CharField(max_length=20, choices=CycleStatus.choices, default=CycleStatus.PLANNING)
    summary = models.TextField(
        max_length=LONG_MAX,
        validators=[MaxLengthValidator(LONG_MAX)],
        blank=True,
        help_text="Written by the coach when the cycle closes.",
    )
    invited_self_assessment = models.BooleanField(
        default=False, help_text="At close, the coachee was invited to reassess the focus competencies."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="cycle_ends_after_start",
                violation_error_message="A cycle cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(coach=F("coachee")),
                name="cycle_coach_is_not_coachee",
                violation_error_message="Nobody coaches themselves.",
            ),
        ]
        indexes = [
            models.Index(fields=["coach", "status"]),
            models.Index(fields=["coachee", "status"]),
        ]

    def __str__(self):
        return f"{self.title} ({self.coach} → {self.coachee})"

    @property
    def is_closed(self) -> bool:
        return self.status == CycleStatus.CLOSED


class CycleNote(models.Model):
    """A working note inside a cycle, by the coach or the coachee."""

    cycle = models.ForeignKey(CoachingCycle, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=LONG_MAX, validators=[MaxLengthValidator(LONG_MAX)])
    shared_with_supervisor = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:80]


# --- Observations ------------------------------------------------------------------------


class ObservationKind(models.TextChoices):
    OBSERVATION = "observation", "Observation"
    WALKTHROUGH = "walkthrough", "Walkthrough"
    CO_TEACHING = "co_teaching", "Co-teaching"
    MODEL_LESSON = "model_lesson", "Model lesson"


class Observation(models.Model):
    cycle = models.ForeignKey(
        CoachingCycle, null=True, blank=True, on_delete=models.CASCADE, related_name="observations"
    )
    observed_on = models.DateField(validators=[validate_district_date])
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="observations")
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations_made"
    )
    observed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations_received"
    )
    kind = models.CharField(
        max_length=20, choices=ObservationKind.choices, default=ObservationKind.OBSERVATION
    )
    notes = models.TextField(max_length=LONG_MAX, validators=[MaxLengthValidator(LONG_MAX)], blank=True)
    shared_with_supervisor = models.BooleanField(
        default=False, help_text="Inside a cycle: the coachee chose to show it to their supervisor."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-observed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(observer=F("observed")),
                name="observation_not_of_oneself",
                violation_error_message="An observation is of someone else.",
            )
        ]
        indexes = [models.Index(fields=["observed", "observed_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.observed} on {self.observed_on}"


class EvidenceItem(models.Model):
    """Something seen, tagged to an indicator and optionally placed at a level."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey("assessments.Item", on_delete=models.PROTECT, related_name="evidence_items")
    level = models.ForeignKey(
        "assessments.Level", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_items"
    )
    note = models.TextField(max_length=LONG_MAX, validators=[MaxLengthValidator(LONG_MAX)], blank=True)

    class Meta:
        ordering = ["observation_id", "id"]

    def __str__(self):
        return f"Evidence on {self.indicator_id}"


def attachment_path(instance, filename: str) -> str:
    return district_file_path(f"observations/{instance.observation_id}", filename)


class Attachment(models.Model):
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["observation_id", "id"]

    def __str__(self):
        return self.original_name


# --- Feedback ----------------------------------------------------------------------------


class Feedback(models.Model):
    """Strengths and next steps tied to indicators; acknowledged by the person it is for."""

    cycle = models.ForeignKey(
        CoachingCycle, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback"
    )
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feedback_given"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feedback_received"
    )
    indicators = models.ManyToManyField("assessments.Item", blank=True, related_name="feedback")
    strengths = models.TextField(max_length=LONG_MAX, validators=[MaxLengthValidator(LONG_MAX)])
    next_steps = models.TextField(max_length=LONG_MAX, validators=[MaxLengthValidator(LONG_MAX)])
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reflection = models.TextField(max_length=LONG_MAX, validators=[MaxLengthValidator(LONG_MAX)], blank=True)
    shared_with_supervisor = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(author=F("recipient")),
                name="feedback_not_to_oneself",
                violation_error_message="Feedback is for someone else.",
            )
        ]
        indexes = [models.Index(fields=["recipient", "acknowledged_at"])]

    def __str__(self):
        return f"Feedback for {self.recipient} ({self.created_at:%Y-%m-%d})"


# --- Goals -------------------------------------------------------------------------------


class GoalKind(models.TextChoices):
    PERSONAL = "personal", "Personal"
    SCHOOL = "school", "School"


class GoalStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    ACTIVE = "active", "Active"
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class GoalHealth(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"


class Goal(models.Model):
    """A SMART goal: a personal one, or a school's (owned by its principal)."""

    kind = models.CharField(max_length=20, choices=GoalKind.choices, default=GoalKind.PERSONAL)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="goals")
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.PROTECT, related_name="goals"
    )
    statement = models.TextField(
        max_length=STATEMENT_MAX,
        validators=[MaxLengthValidator(STATEMENT_MAX)],
        help_text="Specific: what will change.",
    )
    measure = models.CharField(max_length=300, help_text="Measurable: how it is counted.")
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    current_value = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="The latest progress value."
    )
    starts_on = models.DateField(
        validators=[validate_district_date], help_text="When progress is counted from."
    )
    due_on = models.DateField(validators=[validate_district_date])
    competencies = models.ManyToManyField("assessments.Item", blank=True, related_name="goals")
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.BIWEEKLY)
    status = models.CharField(max_length=20, choices=GoalStatus.choices, default=GoalStatus.DRAFT)
    health = models.CharField(max_length=20, choices=GoalHealth.choices, blank=True)
    # The first day the stored health may change with unchanged inputs; NULL until it is
    # computed. The hourly check-in job recomputes only goals due (coaching/goals/health.py).
    health_recheck_on = models.DateField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.TextField(
        max_length=NOTE_MAX,
        validators=[MaxLengthValidator(NOTE_MAX)],
        blank=True,
        help_text="Why a supervisor sent it back.",
    )
    activated_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gt=F("starts_on")),
                name="goal_due_after_start",
                violation_error_message="A goal is due after it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(target=F("baseline")),
                name="goal_target_differs_from_baseline",
                violation_error_message="The target must differ from the baseline.",
            ),
            models.CheckConstraint(
                condition=Q(kind="personal") | Q(school__isnull=False),
                name="school_goal_has_school",
                violation_error_message="A school goal names its school.",
            ),
        ]
        indexes = [models.Index(fields=["owner", "status"]), models.Index(fields=["school", "status"])]

    def __str__(self):
        return self.statement[:80]


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField(validators=[validate_district_date])
    done_on = models.DateField(validators=[validate_district_date], null=True, blank=True)

    class Meta:
        ordering = ["goal_id", "due_on", "id"]

    def __str__(self):
        return self.title


class ProgressUpdate(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress_updates")
    recorded_on = models.DateField(validators=[validate_district_date])
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.TextField(max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)], blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    check_in = models.OneToOneField(
        "coaching.CheckIn", null=True, blank=True, on_delete=models.SET_NULL, related_name="progress_update"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["goal_id", "recorded_on", "id"]

    def __str__(self):
        return f"{self.value} on {self.recorded_on}"


# --- Check-ins ---------------------------------------------------------------------------


class CheckInStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed"
    OVERDUE = "overdue", "Overdue"


class CheckIn(models.Model):
    """One period's check-in on a goal or a coaching cycle, owed by one person.

    At most one per subject and due date, whatever the dispatcher does: the partial
    unique constraints below are what makes opening exactly-once.
    """

    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="check_ins")
    cycle = models.ForeignKey(
        CoachingCycle, null=True, blank=True, on_delete=models.CASCADE, related_name="check_ins"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins")
    due_on = models.DateField(help_text="The last day of the period, in the district's time zone.")
    status = models.CharField(max_length=20, choices=CheckInStatus.choices, default=CheckInStatus.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    progress_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )
    blockers = models.TextField(
        max_length=STATEMENT_MAX, validators=[MaxLengthValidator(STATEMENT_MAX)], blank=True
    )
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(goal__isnull=False) & Q(cycle__isnull=True))
                | (Q(goal__isnull=True) & Q(cycle__isnull=False)),
                name="check_in_has_one_subject",
            ),
            models.UniqueConstraint(
                fields=["goal", "due_on"],
                condition=Q(goal__isnull=False),
                name="one_check_in_per_goal_period",
            ),
            models.UniqueConstraint(
                fields=["cycle", "due_on"],
                condition=Q(cycle__isnull=False),
                name="one_check_in_per_cycle_period",
            ),
            models.CheckConstraint(
                condition=Q(progress_rating__isnull=True) | Q(progress_rating__gte=1, progress_rating__lte=5),
                name="check_in_rating_1_to_5",
                violation_error_message="A progress rating is from 1 to 5.",
            ),
        ]
        indexes = [models.Index(fields=["owner", "status"]), models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"Check-in due {self.due_on} ({self.get_status_display()})"

    @property
    def subject(self):
        return self.goal if self.goal_id else self.cycle


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    ESCALATED = "escalated", "Escalated"


class CheckInReminder(models.Model):
    """A reminder that was sent: at most one of each kind per check-in."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["check_in_id", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["check_in", "kind"], name="one_check_in_reminder_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for check-in {self.check_in_id}"


# --- The coach's calendar ----------------------------------------------------------------


class EventKind(models.TextChoices):
    OBSERVATION = "observation", "Planned observation"
    MEETING = "meeting", "Coaching meeting"


class CoachingEvent(models.Model):
    """A planned observation or meeting in a cycle, scheduled by its coach; shown on the
    coach's calendar, its .ics feed and the cycle page."""

    cycle = models.ForeignKey(CoachingCycle, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True, help_text="Where, or what to bring.")
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True, help_text="The iCalendar UID.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="coaching_event_ends_after_start",
                violation_error_message="An event ends after it starts.",
            )
        ]
        indexes = [models.Index(fields=["cycle", "starts_at"]), models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.starts_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A person's secret calendar subscription link. Calendar apps cannot sign in, so the
    link itself is the key: only its SHA-256 is stored, it is shown once when made, and
    making a new one or revoking it ends the old link at once."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.owner_id}"
