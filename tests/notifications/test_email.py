"""Immediate emails: sent once after commit; a failed send stays pending for the sweep."""

import socket

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.db import connection

from core.roles import Role
from notifications.models import Kind, Notification
from notifications.services import Draft, notify_many, send_pending_emails
from notifications.tasks import sweep_notification_emails
from tests.factories import person
from tests.notifications.smtp import SmtpServer

pytestmark = pytest.mark.django_db


def immediate(recipient, title="You received feedback", **fields) -> Notification:
    (notification,) = notify_many(
        [Draft(recipient_id=recipient.pk, kind=Kind.FEEDBACK_RECEIVED, title=title, **fields)]
    )
    return notification


def sweep(riverside) -> None:
    """What beat runs every ten minutes: the dispatcher, then every district's sender."""
    sweep_notification_emails.delay()
    connection.set_tenant(riverside)  # the eager task leaves the connection in public


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_immediate_notification_is_emailed_once_after_commit(
    django_capture_on_commit_callbacks, mailoutbox, riverside
):
    teacher = person(Role.TEACHER, first_name="Rosa")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        note = immediate(teacher, body="Ana wrote two strengths.", url="/coaching/cycles/3/")
        assert mailoutbox == [], "nothing is sent before the change commits"

    assert len(callbacks) == 1
    (email,) = mailoutbox
    assert email.to == [teacher.email] and email.subject == "You received feedback"
    assert "Hello Rosa," in email.body and "Ana wrote two strengths." in email.body
    assert "http://riverside.localhost/coaching/cycles/3/" in email.body
    note.refresh_from_db()
    assert note.emailed_at is not None

    assert send_pending_emails() == 0
    sweep(riverside)
    assert len(mailoutbox) == 1, "a second sweep sends nothing again"


def test_daily_and_off_notifications_are_not_emailed_at_once(django_capture_on_commit_callbacks, mailoutbox):
    teacher = person(Role.TEACHER)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify_many(
            [
                Draft(recipient_id=teacher.pk, kind=Kind.CHECK_IN_OPENED, title="Daily"),
                Draft(recipient_id=person().pk, kind=Kind.OBSERVATION_RECORDED, title="Daily too"),
            ]
        )
    assert callbacks == [] and mailoutbox == []
    assert send_pending_emails() == 0


def test_a_failed_send_leaves_it_pending_and_a_later_sweep_sends_it(settings, mailoutbox, riverside):
    teacher = person(Role.TEACHER)
    note = immediate(teacher)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 5

    with pytest.raises(OSError):  # the SMTP server refuses the connection
        send_pending_emails()
    note.refresh_from_db()
    assert note.emailed_at is None and mailoutbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sweep(riverside)
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert [m.to for m in mailoutbox] == [[teacher.email]]


@pytest.fixture
def smtp(settings):
    """A real SMTP conversation with a local server that refuses "refused" addresses."""
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
        settings.EMAIL_TIMEOUT = 5
        yield server


def test_a_refused_address_does_not_hold_back_anyone_elses_email(smtp):
    good = person(Role.TEACHER, email="good@example.org")
    bad = person(Role.TEACHER, email="refused@example.org")
    first, refused, second = immediate(good), immediate(bad), immediate(good, title="Again")

    assert send_pending_emails() == 2

    assert [to for to, _ in smtp.accepted] == [["good@example.org"], ["good@example.org"]]
    for note in (first, refused, second):
        note.refresh_from_db()
    assert first.emailed_at and second.emailed_at and refused.emailed_at is None
    bad.email = "fixed@example.org"
    bad.save(update_fields=["email"])
    assert send_pending_emails() == 1, "the next sweep tries only the one left pending"
    assert smtp.accepted[-1][0] == ["fixed@example.org"]


def test_the_sweep_sends_what_is_pending_in_every_district(mailoutbox, riverside, lakeview, in_district):
    here = immediate(person(Role.TEACHER), url="/inbox/")
    with in_district(lakeview):
        there_person = person(Role.TEACHER)
        there = immediate(there_person, url="/inbox/")
    sweep(riverside)
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert sorted(bodies) == sorted([here.recipient.email, there_person.email])
    assert "http://riverside.localhost/inbox/" in bodies[here.recipient.email]
    assert "http://lakeview.localhost/inbox/" in bodies[there_person.email], "each links to its own host"
    with in_district(lakeview):
        assert Notification.objects.get(pk=there.pk).emailed_at is not None


def test_a_deactivated_person_is_not_emailed(mailoutbox):
    teacher = person(Role.TEACHER)
    note = immediate(teacher)
    teacher.is_active = False
    teacher.save(update_fields=["is_active"])
    assert send_pending_emails() == 0 and mailoutbox == []
    note.refresh_from_db()
    assert note.emailed_at is None


def test_a_title_with_a_line_break_still_makes_a_one_line_subject(mailoutbox):
    immediate(person(Role.TEACHER), title="Feedback\nfrom Ana")
    assert send_pending_emails() == 1
    assert mailoutbox[0].subject == "Feedback from Ana"


def test_beat_sweeps_every_ten_minutes_and_runs_the_digests_hourly():
    schedule = {entry["task"]: entry["schedule"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["notifications.tasks.sweep_notification_emails"] == crontab(minute="*/10")
    for task in ("notifications.tasks.send_daily_digests", "notifications.tasks.send_weekly_digests"):
        assert schedule[task].hour == set(range(24)) and len(schedule[task].minute) == 1, task
