"""Two digest runs at once, on two real database connections: the unique index decides.

These tests need committed data (each worker reads on its own connection), so they run in
a district of their own, created for the module and dropped after it, and never disturb
the rollback tests' districts or the browser tests' hillcrest.
"""

import datetime
import threading
import time
import zoneinfo

import pytest
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from core.roles import Role
from district.services import district_create
from notifications.digests import daily_digest_send, weekly_digest_send
from notifications.models import DigestRun, Kind, Notification
from notifications.services import Draft, notify_many
from tests.factories import SchoolFactory, person

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
DAY = datetime.date(2026, 3, 2)  # a Monday
MORNING = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=CHICAGO)


@pytest.fixture(scope="module")
def racing(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        district = district_create(
            slug="digest_race",
            name="Digest race (tests)",
            domain="digest-race.localhost",
            timezone="America/Chicago",
        ).district
    yield district
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        district.delete(force_drop=True)


@pytest.fixture
def committed(racing, django_db_blocker):
    """Committed access inside the racing district, emptied again after each test."""
    with django_db_blocker.unblock():
        connection.set_tenant(racing)
        yield racing
        connection.set_tenant(racing)
        Notification.objects.all().delete()
        DigestRun.objects.all().delete()
        connection.set_schema_to_public()


def in_thread(district, work, results, barrier=None):
    """Run `work` on its own connection in the district, as a second worker would."""

    def run():
        try:
            with tenant_context(district):
                if barrier:
                    barrier.wait(timeout=10)
                results.append(work())
        except Exception as error:  # surfaced by the test's assertions
            results.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def people_with_daily_notifications(count):
    people = [person(Role.TEACHER) for _ in range(count)]
    notify_many([Draft(recipient_id=p.pk, kind=Kind.CHECK_IN_OPENED, title="Check-in open") for p in people])
    return people


def test_a_digest_run_waits_on_the_other_workers_row_then_sends_nothing(committed, mailoutbox):
    (first,) = people_with_daily_notifications(1)
    results = []
    with transaction.atomic():  # the other worker, mid-send: its row is written, not committed
        DigestRun.objects.create(person=first, sort=DigestRun.Sort.DAILY, period=DAY)
        worker = in_thread(committed, lambda: daily_digest_send(now=MORNING), results)
        time.sleep(0.5)
        assert worker.is_alive(), "the second run must wait on the unique index"
    worker.join(timeout=20)

    assert results == [0]
    assert mailoutbox == []
    assert Notification.objects.get(recipient=first).emailed_at is None, "the other worker marks it"


def test_two_daily_runs_racing_send_each_digest_once(committed, mailoutbox):
    people = people_with_daily_notifications(20)
    results, barrier = [], threading.Barrier(2)
    workers = [
        in_thread(committed, lambda: daily_digest_send(now=MORNING), results, barrier) for _ in range(2)
    ]
    for worker in workers:
        worker.join(timeout=30)

    assert all(isinstance(r, int) for r in results), results
    assert sum(results) == 20
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert DigestRun.objects.filter(sort=DigestRun.Sort.DAILY, period=DAY).count() == 20
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_two_weekly_runs_racing_write_each_summary_once(committed):
    leaders = [person(Role.SCHOOL_LEADER, school=SchoolFactory()) for _ in range(10)]
    results, barrier = [], threading.Barrier(2)
    workers = [
        in_thread(committed, lambda: weekly_digest_send(now=MORNING), results, barrier) for _ in range(2)
    ]
    for worker in workers:
        worker.join(timeout=30)

    assert all(isinstance(r, int) for r in results), results
    assert sum(results) == 10
    for leader in leaders:
        assert Notification.objects.filter(recipient=leader, kind=Kind.WEEKLY_DIGEST).count() == 1
