"""A real Celery worker, consuming from Redis, runs district tasks in their district."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django_tenants.utils import tenant_context

from coaching.models import CheckIn, CheckInReminder
from coaching.tasks import dispatch_check_ins
from config.celery import app
from core.tasks import DistrictRequiredError, DistrictTask
from district.models import District
from notifications.models import Delivery, Notification
from schools.models import Membership
from schools.tasks import end_expired_memberships
from tests.coaching.checkins.test_checkin_race import committed_world
from tests.factories import MembershipFactory

pytestmark = pytest.mark.worker


@app.task(base=DistrictTask, name="tests.schema_of_running_task")
def schema_of_running_task():
    return connection.schema_name


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    """A worker thread on the test broker; the database is reachable from its thread."""
    app.conf.task_always_eager = False
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    app.conf.task_always_eager = True


@pytest.fixture
def database(django_db_blocker):
    """Committed access (no rollback): the worker reads on its own connection."""
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()


def test_task_sent_from_a_district_runs_in_that_districts_schema(worker, database):
    for slug in ("riverside", "lakeview"):
        with tenant_context(District.objects.get(schema_name=slug)):
            result = schema_of_running_task.delay()
        assert result.get(timeout=20) == slug


def test_district_task_sent_without_a_district_fails_loudly(worker, database):
    connection.set_schema_to_public()
    result = schema_of_running_task.delay()
    with pytest.raises(DistrictRequiredError, match="needs a district"):
        result.get(timeout=20)


def test_beat_dispatcher_ends_expired_memberships_through_the_worker(worker, database):
    hillcrest = District.objects.get(schema_name="hillcrest")
    with tenant_context(hillcrest):
        membership = MembershipFactory(end_date=datetime.date.today() - datetime.timedelta(days=2))

    assert end_expired_memberships.delay().get(timeout=20) >= 2

    deadline = time.monotonic() + 20
    with tenant_context(hillcrest):
        while Membership.objects.get(pk=membership.pk).is_active:
            assert time.monotonic() < deadline, "the per-district task never ran"
            time.sleep(0.1)


def test_beat_dispatcher_runs_check_ins_in_two_districts_through_the_worker(worker, database):
    """The check-in dispatcher, sent from the public schema like beat sends it, fans out to
    every ready district; the worker opens, reminds and escalates in each district's own
    schema (riverside 4 subjects, lakeview 6), and the immediate emails follow."""
    riverside = District.objects.get(schema_name="riverside")
    lakeview = District.objects.get(schema_name="lakeview")
    with committed_world(riverside, subjects=4) as river, committed_world(lakeview, subjects=6) as lake:
        connection.set_schema_to_public()
        assert dispatch_check_ins.delay().get(timeout=20) >= 2

        for district, world, subjects in ((riverside, river, 4), (lakeview, lake, 6)):
            people = [p.pk for p in world["people"]]
            deadline = time.monotonic() + 30
            with tenant_context(district):
                # Opened, due soon, overdue and escalated, each once per subject.
                while CheckInReminder.objects.filter(check_in__owner_id__in=people).count() < 3 * subjects:
                    assert time.monotonic() < deadline, f"the check-in task never finished in {district}"
                    time.sleep(0.1)
                assert CheckIn.objects.filter(owner_id__in=people).count() == 2 * subjects
                assert (
                    CheckIn.objects.filter(owner_id__in=people, escalated_at__isnull=False).count()
                    == subjects
                )
                immediate = Notification.objects.filter(recipient_id__in=people, email=Delivery.IMMEDIATE)
                assert immediate.count() == 3 * subjects
                while immediate.filter(emailed_at__isnull=True).exists():
                    assert time.monotonic() < deadline, f"the immediate emails never went out in {district}"
                    time.sleep(0.1)
