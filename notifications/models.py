"""An in-app inbox, with email sent at once, in a daily digest, or not at all.

Every notification lands in the inbox. The person's preference for its kind decides only
the email: `email` is fixed when the notification is written, and `emailed_at` is set in
the same transaction that sends it, so an email goes out once.
"""

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    CHECK_IN_OPENED = "check_in_opened", "A check-in is open"
    CHECK_IN_DUE_SOON = "check_in_due_soon", "A check-in is due soon"
    CHECK_IN_OVERDUE = "check_in_overdue", "A check-in is overdue"
    CHECK_IN_ESCALATED = "check_in_escalated", "Someone's check-in is long overdue"
    CYCLE_STARTED = "cycle_started", "A coaching cycle started"
    CYCLE_CLOSED = "cycle_closed", "A coaching cycle closed"
    OBSERVATION_RECORDED = "observation_recorded", "An observation was recorded"
    FEEDBACK_RECEIVED = "feedback_received", "You received feedback"
    FEEDBACK_ACKNOWLEDGED = "feedback_acknowledged", "Your feedback was acknowledged"
    GOAL_APPROVAL_REQUESTED = "goal_approval_requested", "A goal awaits your approval"
    GOAL_DECIDED = "goal_decided", "Your goal was approved or sent back"
    WEEKLY_DIGEST = "weekly_digest", "Weekly school summary (principals)"
    SUBMISSION_RECEIVED = "submission_received", "Your micro-credential submission was received"
    REVIEW_ASSIGNED = "review_assigned", "A submission awaits your review"
    REVIEW_REMINDER = "review_reminder", "A review is past its target"
    REVIEW_DISAGREEMENT = "review_disagreement", "Reviewers disagreed on a submission"
    SUBMISSION_DECIDED = "submission_decided", "A micro-credential decision"
    SUBMISSION_RESUBMITTED = "submission_resubmitted", "A submission was revised and resubmitted"
    SUBMISSION_UNASSIGNED = "submission_unassigned", "A submission has no reviewer"
    CREDENTIAL_REVOKED = "credential_revoked", "A credential was revoked"
    PATHWAY_ENROLLED = "pathway_enrolled", "You were enrolled in a pathway"
    PATHWAY_COMPLETED = "pathway_completed", "You completed a pathway"
    NUDGE = "nudge", "A colleague reminded you of something overdue"
    WEBHOOK_DISABLED = "webhook_disabled", "A webhook endpoint was disabled after a day of failures"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Email at once"
    DAILY = "daily", "Daily digest email"
    OFF = "off", "No email (inbox only)"


# What a person gets until they choose otherwise.
DEFAULT_DELIVERY = {kind: Delivery.IMMEDIATE for kind in Kind} | {
    Kind.CHECK_IN_OPENED: Delivery.DAILY,
    Kind.OBSERVATION_RECORDED: Delivery.DAILY,
    Kind.FEEDBACK_ACKNOWLEDGED: Delivery.DAILY,
    Kind.SUBMISSION_RECEIVED: Delivery.DAILY,
}


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True, help_text="Where in Lodestar it points to.")
    email = models.CharField(
        max_length=20, choices=Delivery.choices, help_text="How it is emailed, fixed when written."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email", "emailed_at"], name="notification_email_pending"),
        ]

    def __str__(self):
        return self.title

    @property
    def link(self) -> str:
        """The url, when it is a path inside Lodestar; anything else is not offered as a link."""
        return self.url if self.url.startswith("/") and not self.url.startswith("//") else ""


class Preference(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)

    class Meta:
        ordering = ["person_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.kind}: {self.delivery}"


class DigestRun(models.Model):
    """A digest that was sent: one daily digest per person and day, one weekly school
    summary per principal and week. Written in the transaction that sends the email."""

    class Sort(models.TextChoices):
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly school summary"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sort = models.CharField(max_length=10, choices=Sort.choices)
    period = models.DateField(help_text="The day (daily) or the Monday of the week (weekly).")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "sort", "period"], name="one_digest_per_period")
        ]

    def __str__(self):
        return f"{self.get_sort_display()} for {self.period}"


class Nudge(models.Model):
    """A reminder one person sent another about one overdue record (a check-in), through
    the inbox. A record's owner is reminded of it at most once in `people.nudges.WINDOW`,
    whoever asks: the service checks the latest `sent_at` with the record's row locked."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=60, help_text='The record\'s model, e.g. "coaching.checkin".')
    record_id = models.BigIntegerField()
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["record_type", "record_id", "recipient", "sent_at"], name="nudge_latest"),
        ]

    def __str__(self):
        return f"Nudge about {self.record_type} {self.record_id}"
