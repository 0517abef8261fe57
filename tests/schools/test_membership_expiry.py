"""The periodic job that ends memberships whose end date has passed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from core.models import AuditEvent
from core.roles import Role
from core.time import district_today
from district.models import District
from schools.models import Membership
from schools.services import membership_end_expired
from schools.tasks import end_expired_memberships
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def expired(n, **kwargs):
    yesterday = district_today() - datetime.timedelta(days=1)
    return [MembershipFactory(end_date=yesterday, **kwargs) for _ in range(n)]


def test_dispatcher_ends_expired_memberships_once_however_often_it_runs(riverside):
    gone = expired(3)
    ongoing = MembershipFactory(end_date=district_today())  # ends today: still in force
    open_ended = MembershipFactory()

    end_expired_memberships.delay()
    connection.set_tenant(riverside)
    assert not Membership.objects.filter(pk__in=[m.pk for m in gone], is_active=True).exists()
    assert Membership.objects.get(pk=ongoing.pk).is_active
    assert Membership.objects.get(pk=open_ended.pk).is_active
    events = AuditEvent.objects.filter(action="membership.expired").count()
    assert events == 3

    end_expired_memberships.delay()
    end_expired_memberships.delay()
    connection.set_tenant(riverside)
    assert AuditEvent.objects.filter(action="membership.expired").count() == events, "second run did nothing"


def test_ended_membership_no_longer_grants_its_role(api):
    [membership] = expired(1, role=Role.DISTRICT_ADMIN)
    admin = membership.user
    # Even before the job runs, a past end date takes the role away.
    assert api(admin).post("/api/v1/schools/", {}, format="json").status_code == 403


def test_dispatcher_skips_districts_that_are_not_ready(riverside, lakeview):
    with tenant_context(lakeview):
        [waiting] = expired(1)
    District.objects.filter(pk=lakeview.pk).update(is_ready=False)

    enqueued = end_expired_memberships.delay().get()
    assert enqueued == District.objects.ready().exclude(schema_name="public").count()
    with tenant_context(lakeview):
        assert Membership.objects.get(pk=waiting.pk).is_active


def test_job_uses_a_fixed_number_of_queries_whatever_it_ends():
    """One lock-and-select, one update, one bulk audit insert (plus the savepoint pair)."""
    counts = []
    for n in (1, 50):
        expired(n)
        with CaptureQueriesContext(connection) as captured:
            assert membership_end_expired() == n
        counts.append(len(captured))
    assert counts[0] == counts[1] == 5, counts


def test_district_today_follows_the_district_time_zone(riverside):
    assert riverside.timezone == "America/Chicago"
    assert district_today() == datetime.datetime.now(riverside.tz).date()
