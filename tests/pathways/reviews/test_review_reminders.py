"""Reminders of reviews past the district's target, each sent once, and the hourly job."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.roles import Role
from notifications.models import Kind, Notification
from pathways.models import Review, ReviewReminder, SubmissionStatus
from pathways.reviews.services.assignment import review_assign
from pathways.reviews.services.reminders import review_remind_overdue
from pathways.reviews.services.scoring import review_complete
from pathways.tasks import review_upkeep
from schools.models import DistrictPolicy
from tests.factories import person
from tests.pathways.factories import all_scores, make_reviewer, micro_credential, waiting_submission

pytestmark = pytest.mark.django_db
TARGET = datetime.timedelta(days=7)


@pytest.fixture
def coach():
    reviewer = person(Role.COACH)
    make_reviewer(reviewer)
    return reviewer


@pytest.fixture
def admins():
    return [person(Role.DISTRICT_ADMIN) for _ in range(2)]


def open_review(assigned_at=None):
    review = review_assign(submission=waiting_submission(person(Role.TEACHER), micro_credential()))
    if assigned_at:
        Review.objects.filter(pk=review.pk).update(assigned_at=assigned_at)
        review.refresh_from_db()
    return review


def reminders(recipient=None):
    notes = Notification.objects.filter(kind=Kind.REVIEW_REMINDER)
    return list(notes.filter(recipient=recipient) if recipient else notes)


def test_each_reminder_goes_once_and_admins_hear_from_the_second(coach, admins):
    review = open_review()
    start = review.assigned_at

    assert review_remind_overdue(now=start + TARGET - datetime.timedelta(minutes=1)) == 0
    assert review_remind_overdue(now=start + TARGET + datetime.timedelta(hours=1)) == 1
    assert review_remind_overdue(now=start + TARGET + datetime.timedelta(hours=2)) == 0, "run twice: once"
    assert [n.title for n in reminders(coach)] == [
        f"A review has waited 7 days: {review.submission.micro_credential.title}"
    ]
    assert all(not reminders(admin) for admin in admins), "the first reminder is the reviewer's alone"

    assert review_remind_overdue(now=start + 2 * TARGET - datetime.timedelta(minutes=1)) == 0
    assert review_remind_overdue(now=start + 2 * TARGET + datetime.timedelta(minutes=1)) == 1
    assert review_remind_overdue(now=start + 2 * TARGET + datetime.timedelta(hours=5)) == 0

    assert len(reminders(coach)) == 2
    for admin in admins:
        (note,) = reminders(admin)
        assert "reminder 2" in note.title and note.url == f"/reviews/{review.pk}/"
    assert list(
        ReviewReminder.objects.filter(review=review).order_by("number").values_list("number", flat=True)
    ) == [1, 2]


def test_an_admin_who_is_the_reviewer_is_told_once(admins):
    make_reviewer(admins[0])
    review = open_review()
    assert review.reviewer == admins[0]
    review_remind_overdue(now=review.assigned_at + 2 * TARGET + datetime.timedelta(minutes=1))
    assert len(reminders(admins[0])) == 1 and len(reminders(admins[1])) == 1


def test_completed_reviews_are_not_reminded(coach):
    review = open_review()
    review_complete(actor=coach, review=review, scores=all_scores(review.submission))
    assert review_remind_overdue(now=review.assigned_at + 3 * TARGET) == 0


def test_the_target_comes_from_the_district_policy(coach):
    DistrictPolicy.current()
    DistrictPolicy.objects.filter(pk=1).update(review_target_days=2)
    review = open_review()
    assert review_remind_overdue(now=review.assigned_at + datetime.timedelta(days=2, minutes=1)) == 1
    assert "waited 2 days" in reminders(coach)[0].title


def test_reminding_takes_a_fixed_number_of_queries(coach, admins):
    """The policy, the INSERT … RETURNING, the admins, the recipients' email choices and
    the notifications' INSERT: whatever the number of reviews."""
    late = timezone.now() - 2 * TARGET - datetime.timedelta(hours=1)
    counts = []
    for n in (1, 20):
        for _ in range(n):
            open_review(assigned_at=late)
        with CaptureQueriesContext(connection) as captured:
            assert review_remind_overdue() == n
        counts.append(len(captured))
    assert counts[0] == counts[1], "reminders must not cost a query per review"


def test_the_hourly_job_reminds_and_assigns_waiting_submissions_in_every_district(
    coach, admins, riverside, lakeview
):
    overdue = open_review(assigned_at=timezone.now() - TARGET - datetime.timedelta(hours=1))
    waiting = waiting_submission(coach, micro_credential(title="Own work"))  # nobody else to review it
    other = person(Role.COACH)
    make_reviewer(other)  # added by hand: nothing assigned yet
    with tenant_context(lakeview):
        their_coach = person(Role.COACH)
        make_reviewer(their_coach)
        theirs = waiting_submission(person(Role.TEACHER), micro_credential())

    assert review_upkeep.delay().get() >= 2
    assert review_upkeep.delay().get() >= 2, "running again sends nothing new"
    connection.set_tenant(riverside)

    assert len(reminders(coach)) == 1 and ReviewReminder.objects.get().review == overdue
    waiting.refresh_from_db()
    assert waiting.status == SubmissionStatus.IN_REVIEW and waiting.reviews.get().reviewer == other
    with tenant_context(lakeview):
        assert theirs.reviews.get().reviewer == their_coach


def test_the_job_is_in_the_beat_schedule():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "pathways.tasks.review_upkeep" in tasks
