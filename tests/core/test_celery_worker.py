"""A real Celery worker, consuming from Redis, runs district tasks in their district."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django_tenants.utils import tenant_context

from config.celery import app
from core.tasks import DistrictRequiredError, DistrictTask
from district.models import District
from schools.models import Membership
from schools.tasks import end_expired_memberships
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
