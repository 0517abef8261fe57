"""Previews of the notification emails: one for each kind of notification (sent at once)
and the daily digest, with sample data from the viewer's district."""

import datetime

from django.urls import reverse
from django.utils import timezone

from core.emails import email_preview, render_email
from core.links import district_url
from notifications.digests import daily_digest_context
from notifications.models import Kind, Notification
from notifications.services import notification_email_context, subject_line
from schools.models import School


def _school_name() -> str:
    school = School.objects.filter(is_active=True).order_by("name").values_list("name", flat=True).first()
    return school or "Lincoln Elementary"


def _sample(kind: Kind, viewer) -> Notification:
    """A notification of `kind` as its service would write it, pointing at a page of that kind."""
    check_in = reverse("coaching:check-in-detail", args=[1])
    feedback = reverse("coaching:feedback-detail", args=[1])
    review = reverse("pathways:review-detail", args=[1])
    goal = reverse("coaching:goal-detail", args=[1])
    due = timezone.localdate() + datetime.timedelta(days=2)
    samples = {
        Kind.CHECK_IN_OPENED: (f"Check-in due {due:%a %b %-d}: Every student reads 20 minutes a day",
                               "Rate your progress from 1 to 5, and say what is in your way.", check_in),
        Kind.CHECK_IN_DUE_SOON: (f"Check-in due {due:%a %b %-d}: Every student reads 20 minutes a day", "",
                                 check_in),
        Kind.CHECK_IN_OVERDUE: ("Overdue check-in: Every student reads 20 minutes a day",
                                "It can still be answered.", check_in),
        Kind.CHECK_IN_ESCALATED: ("Tess Teacher's check-in is 9 days overdue: Questioning in math talks",
                                  "A word from you may help.", check_in),
        Kind.CYCLE_STARTED: ("Cory Coach started a coaching cycle with you: Questioning in math talks", "",
                             reverse("coaching:cycle-detail", args=[1])),
        Kind.CYCLE_CLOSED: ("Your coaching cycle closed: Questioning in math talks", "",
                            reverse("coaching:cycle-detail", args=[1])),
        Kind.OBSERVATION_RECORDED: ("Cory Coach recorded an observation of your lesson", "",
                                    reverse("coaching:cycle-detail", args=[1])),
        Kind.FEEDBACK_RECEIVED: ("Cory Coach gave you feedback",
                                 "Read it, then acknowledge it with a reflection of your own.", feedback),
        Kind.FEEDBACK_ACKNOWLEDGED: ("Tess Teacher acknowledged your feedback",
                                    "I rushed the questions; next time I will wait.", feedback),
        Kind.GOAL_APPROVAL_REQUESTED: ("Tess Teacher asks you to approve a goal",
                                       "Every student reads 20 minutes a day.", goal),
        Kind.GOAL_DECIDED: ("Your goal was approved", "Every student reads 20 minutes a day.", goal),
        Kind.WEEKLY_DIGEST: (f"Weekly summary for {_school_name()}",
                             "Overdue check-ins among the staff: 3.\nSchool goals at risk or off track: 1.\n"
                             "Feedback awaiting acknowledgement for more than 3 days: 0.",
                             reverse("home")),
    }  # fmt: skip
    title, body, url = samples.get(kind, (kind.label, "", review))
    return Notification(recipient=viewer, kind=kind, title=title, body=body, url=url)


def _register(kind: Kind) -> None:
    @email_preview(f"notification-{kind.value}", f"Notification: {kind.label}")
    def build(*, viewer):
        notification = _sample(kind, viewer)
        preferences = district_url(reverse("notifications:preferences"))
        return render_email(
            "notifications/email/notification",
            notification_email_context(notification, preferences_url=preferences),
            subject=subject_line(notification.title),
        )


for _kind in Kind:
    _register(_kind)


@email_preview("daily-digest", "Daily digest")
def daily_digest(*, viewer):
    items = [_sample(kind, viewer) for kind in (Kind.CHECK_IN_OPENED, Kind.OBSERVATION_RECORDED)]
    context = daily_digest_context(items, preferences_url=district_url(reverse("notifications:preferences")))
    return render_email(
        "notifications/email/daily_digest", context, subject="Your Lodestar digest for today: 2 notifications"
    )
