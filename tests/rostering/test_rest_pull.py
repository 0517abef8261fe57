"""The nightly pull from a OneRoster REST provider, against a real HTTP server on
localhost: client-credentials token, paging by X-Total-Count and Link, 1.1 and 1.2 user
shapes, and a provider error mid-way that stops the sync with nothing written."""

import pytest
from django.conf import settings

from accounts.models import User
from rostering.models import RosterImport, RosterProvider
from rostering.services import roster_pull_start
from rostering.tasks import pull_rosters
from schools.models import School
from tests.rostering import oneroster_server as provider_server

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def provider_url():
    server, url = provider_server.start()
    yield url
    server.shutdown()


def org(n, kind="school"):
    return {
        "sourcedId": f"org-{n}",
        "status": "active",
        "name": f"Pulled School {n}",
        "type": kind,
        "identifier": f"PS{n:03d}",
        "parent": {"sourcedId": "d-1", "type": "org"},
    }


DISTRICT = {"sourcedId": "d-1", "status": "active", "name": "District", "type": "district", "identifier": "D"}


def user11(n, role="teacher", org_id="org-1"):
    return {
        "sourcedId": f"u-{n}",
        "status": "active",
        "enabledUser": True,
        "orgs": [{"sourcedId": org_id, "type": "org"}],
        "role": role,
        "username": f"u{n}",
        "givenName": f"Pulled{n}",
        "familyName": "Person",
        "email": f"pulled{n}@sis.example.org",
    }


def user12(n, role="teacher", org_id="org-1"):
    row = user11(n)
    del row["orgs"], row["role"]
    row["roles"] = [{"roleType": "primary", "role": role, "org": {"sourcedId": org_id, "type": "org"}}]
    return row


@pytest.fixture
def provider(provider_url, monkeypatch):
    monkeypatch.setattr("rostering.rest.PAGE_SIZE", 2)  # a handful of rows spans several pages
    provider_server.STATE.update(orgs=[DISTRICT, org(1), org(2)], users=[], fail=None, requests=[])

    def configure(version="1.1", secret=provider_server.CLIENT_SECRET):
        RosterProvider.objects.update_or_create(
            pk=1,
            defaults={
                "enabled": True,
                "version": version,
                "base_url": provider_url,
                "token_url": f"{provider_url}/oauth/token",
                "client_id": provider_server.CLIENT_ID,
                "client_secret": secret,
            },
        )

    return configure


def pull(django_capture_on_commit_callbacks) -> RosterImport:
    with django_capture_on_commit_callbacks(execute=True):
        started = roster_pull_start(actor=None)
    return RosterImport.objects.get(pk=started.pk)


def test_a_11_pull_pages_through_the_provider_and_syncs(provider, django_capture_on_commit_callbacks):
    provider("1.1")
    provider_server.STATE["users"] = [user11(n) for n in range(1, 6)] + [user11(9, role="student")]
    done = pull(django_capture_on_commit_callbacks)
    assert done.status == "applied", (done.errors, done.failure)
    assert done.source == "rest" and done.mode == "bulk"
    assert User.objects.filter(sourced_id__startswith="u-", is_active=True).count() == 5
    assert not User.objects.filter(sourced_id="u-9").exists()
    assert School.objects.filter(sourced_id__in=["org-1", "org-2"]).count() == 2
    requests = provider_server.STATE["requests"]
    assert [r for r in requests if "/orgs" in r] == [
        "/ims/oneroster/v1p1/orgs?limit=2&offset=0",
        "/ims/oneroster/v1p1/orgs?limit=2&offset=2",
    ]
    assert len([r for r in requests if "/users" in r]) == 3
    again = pull(django_capture_on_commit_callbacks)
    assert again.counts["people_created"] == again.counts["people_changed"] == 0


def test_a_12_pull_reads_roles_inside_users(provider, django_capture_on_commit_callbacks):
    provider("1.2")
    provider_server.STATE["users"] = [user12(1), user12(2, role="principal", org_id="org-2")]
    done = pull(django_capture_on_commit_callbacks)
    assert done.status == "applied", (done.errors, done.failure)
    assert User.objects.get(sourced_id="u-2").memberships.get().role == "school_leader"
    assert all("/rostering/v1p2/" in r for r in provider_server.STATE["requests"])


def test_a_provider_error_mid_way_aborts_with_nothing_written(provider, django_capture_on_commit_callbacks):
    provider("1.1")
    provider_server.STATE["users"] = [user11(n) for n in range(1, 6)]
    provider_server.STATE["fail"] = ("users", 2)
    people, schools = User.objects.count(), School.objects.count()
    done = pull(django_capture_on_commit_callbacks)
    assert done.status == "failed"
    assert done.failure == "GET users (offset 2) answered 500."
    assert (User.objects.count(), School.objects.count()) == (people, schools)


def test_a_wrong_secret_is_refused_by_the_token_endpoint(provider, django_capture_on_commit_callbacks):
    provider("1.1", secret="wrong")
    done = pull(django_capture_on_commit_callbacks)
    assert done.status == "failed" and done.failure == "Token request answered 401."


def test_nightly_beat_dispatches_the_pull_to_districts_with_a_provider(
    provider, django_capture_on_commit_callbacks
):
    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "rostering.tasks.pull_rosters" in entries
    provider("1.1")
    provider_server.STATE["users"] = [user11(1)]
    with django_capture_on_commit_callbacks(execute=True):
        dispatched = pull_rosters()
    assert dispatched >= 2  # every ready district gets the task; only riverside has a provider
    assert RosterImport.objects.get().status == "applied"
    assert User.objects.filter(sourced_id="u-1").exists()


def test_a_disabled_provider_pulls_nothing():
    RosterProvider.objects.update_or_create(pk=1, defaults={"enabled": False})
    assert roster_pull_start(actor=None) is None
    assert not RosterImport.objects.exists()
