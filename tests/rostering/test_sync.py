"""The sync itself: staff only, matched by sourcedId then code/email, idempotent, bulk and
delta, hand-set roles kept, every change audited with the import as its cause."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from core.models import AuditEvent
from core.roles import Role
from rostering.models import RoleMapping
from schools.models import Membership, MembershipSource, School
from tests.factories import MembershipFactory, SchoolFactory, SupervisionFactory, person
from tests.rostering.bundles import Bundle, bundle11, bundle12, role12, user11, user12
from tests.support import assert_queries

pytestmark = pytest.mark.django_db


def roles_of(sourced_id):
    return sorted(
        (m.role, m.school.code if m.school else None)
        for m in Membership.objects.current().filter(user__sourced_id=sourced_id).select_related("school")
    )


def test_oneroster_11_bundle_creates_schools_staff_and_roles_and_never_stores_students(sync):
    done = sync(bundle11(staff=3, students=2))
    assert done.status == "applied", done.errors
    assert done.version == "1.1" and done.mode == "bulk"
    assert set(School.objects.filter(sourced_id__startswith="org-").values_list("code", flat=True)) == {
        "RS001",
        "RS002",
    }
    assert roles_of("u-1") == [("teacher", "RS001")]
    assert roles_of("u-900") == [("school_leader", "RS002")]
    assert not User.objects.filter(sourced_id__startswith="u-10").exists()
    assert done.counts["people_created"] == 4
    assert done.counts["people_skipped"] == 2
    assert done.counts["skipped_by_reason"] == {"student": 2}
    assert Membership.objects.filter(user__sourced_id="u-1").get().source == MembershipSource.ROSTER


def test_oneroster_12_roles_file_gives_school_and_district_roles(sync):
    done = sync(bundle12(staff=2))
    assert done.status == "applied", done.errors
    assert done.version == "1.2"
    assert roles_of("u-1") == [("teacher", "RS001")]
    assert roles_of("u-900") == [("school_leader", "RS002")]
    assert roles_of("u-901") == [("central_office", None)]
    assert done.counts["skipped_by_reason"] == {"student": 2}


def test_second_import_of_the_same_bundle_changes_nothing(sync):
    sync(bundle12())
    audits = AuditEvent.objects.count()
    users = list(User.objects.order_by("pk").values())
    again = sync(bundle12())
    assert again.status == "applied"
    changed = {k: v for k, v in again.counts.items() if k not in ("people_skipped", "skipped_by_reason")}
    assert set(changed.values()) == {0}, again.counts
    assert list(User.objects.order_by("pk").values()) == users
    # Only the import's own rows (created, apply, completed): no person, school or role rows.
    new = AuditEvent.objects.order_by("pk")[audits:]
    assert {e.action for e in new} <= {"roster_import.created", "roster.sync_completed"}


def test_school_matched_by_code_and_person_by_email_get_their_sourced_ids(sync):
    SchoolFactory(code="RS001", name="Old name")
    hand_made = person(
        Role.TEACHER, email="user1@roster.example.org", first_name="Given1", last_name="Family1"
    )
    done = sync(bundle11(staff=1, students=0))
    assert done.status == "applied", done.errors
    assert School.objects.get(code="RS001").sourced_id == "org-1"
    assert School.objects.get(code="RS001").name == "Roster School 1"
    hand_made.refresh_from_db()
    assert hand_made.sourced_id == "u-1"
    changed = {row["sourced_id"]: row["fields"] for row in done.plan["people"]["changed"]}
    assert changed["u-1"]["sourced_id"] == ["", "u-1"]
    schools = {row["sourced_id"]: row["fields"] for row in done.plan["schools"]["changed"]}
    assert schools["org-1"]["name"] == ["Old name", "Roster School 1"]


def test_bulk_deactivates_staff_missing_or_tobedeleted_ending_roles_and_keeping_history(sync):
    sync(bundle11(staff=3, students=0))
    supervisor = person(Role.SCHOOL_LEADER)
    link = SupervisionFactory(supervisor=supervisor, supervisee=User.objects.get(sourced_id="u-2"))
    next_year = bundle11(staff=3, students=0)
    next_year.users = [u for u in next_year.users if u["sourcedId"] != "u-2"]
    next_year.users[1]["status"] = "tobedeleted"  # u-3
    done = sync(next_year)
    assert done.counts["people_deactivated"] == 2, done.plan
    for sid in ("u-2", "u-3"):
        gone = User.objects.get(sourced_id=sid)
        assert not gone.is_active
        membership = Membership.objects.get(user=gone)
        assert not membership.is_active and membership.end_date is not None  # kept, ended
    link.refresh_from_db()
    assert link.ended_on is not None
    assert User.objects.get(sourced_id="u-1").is_active
    assert User.objects.get(pk=supervisor.pk).is_active  # added by hand: never deactivated by a sync


def test_delta_touches_only_the_rows_given(sync):
    sync(bundle12(staff=3, students=0))
    delta = Bundle(
        "1.2",
        None,
        [user12(1, givenName="Renamed"), user12(2, status="tobedeleted")],
        [role12(1, role="teacher", org="org-2")],
        modes={"orgs": "absent", "users": "delta", "roles": "delta"},
    )
    done = sync(delta)
    assert done.status == "applied", done.errors
    assert done.mode == "delta"
    assert User.objects.get(sourced_id="u-1").first_name == "Renamed"
    assert roles_of("u-1") == [("teacher", "RS002")]
    assert not User.objects.get(sourced_id="u-2").is_active
    assert User.objects.get(sourced_id="u-3").is_active  # not in the delta: untouched
    assert roles_of("u-3") == [("teacher", "RS001")]


def test_roles_set_by_hand_are_never_removed(sync):
    sync(bundle11(staff=1, students=0))
    teacher = User.objects.get(sourced_id="u-1")
    coach = MembershipFactory(user=teacher, role=Role.COACH, school=School.objects.get(code="RS001"))
    moved = bundle11(staff=1, students=0)
    moved.users[0]["orgSourcedIds"] = "org-2"
    sync(moved)
    coach.refresh_from_db()
    assert coach.is_active
    assert roles_of("u-1") == [("coach", "RS001"), ("teacher", "RS002")]


def test_the_mapping_decides_the_roles(sync):
    RoleMapping.objects.filter(oneroster_role="aide").update(at_school=Role.COACH)
    bundle = bundle11(staff=1, students=0)
    bundle.users.append(user11(50, role="aide"))
    bundle.users.append(user11(51, role="proctor"))
    done = sync(bundle)
    assert roles_of("u-50") == [("coach", "RS001")]
    assert not User.objects.filter(sourced_id="u-51").exists()
    assert done.counts["skipped_by_reason"] == {"no mapped role": 1}


def test_every_change_is_audited_with_the_import_as_its_cause(sync):
    done = sync(bundle11(staff=2, students=0))
    cause = f"roster_import:{done.pk}"
    by_action = {}
    for event in AuditEvent.objects.filter(data__cause=cause):
        by_action[event.action] = by_action.get(event.action, 0) + 1
    assert by_action == {"school.created": 2, "person.created": 3, "membership.created": 3}
    assert AuditEvent.objects.filter(action="roster.sync_completed", target_id=str(done.pk)).exists()


def test_dry_run_writes_nothing_and_shows_the_rows(sync):
    schools, people = School.objects.count(), User.objects.count()
    done = sync(bundle11(staff=2, students=1), dry_run=True)
    assert done.status == "planned"
    assert (School.objects.count(), User.objects.count()) == (schools, people)
    assert [row["sourced_id"] for row in done.plan["people"]["created"]] == ["u-1", "u-2", "u-900"]
    assert done.plan["people"]["created"][0]["roles"] == ["Teacher at Roster School 1"]
    assert done.plan["people"]["skipped"] == [{"line": 5, "sourced_id": "u-1000", "reason": "student"}]


def test_a_sync_never_deactivates_the_last_administrator(sync, admin):
    admin.sourced_id = "u-admin"
    admin.save()
    done = sync(bundle11(staff=1, students=0))
    assert done.status == "refused"
    assert done.errors == ["users.csv:0: role: this would leave the district without an administrator."]
    assert User.objects.get(pk=admin.pk).is_active


def _second_sync_queries(sync, staff, first):
    """A first sync, then one that renames half the staff and deletes the principal."""
    sync(bundle11(staff=staff, students=staff, first=first))
    second = bundle11(staff=staff, students=staff, first=first)
    for row in second.users[: staff // 2]:
        row["givenName"] += "x"
    second.users[staff]["status"] = "tobedeleted"  # the principal
    with CaptureQueriesContext(connection) as captured:
        done = sync(second)
    assert done.status == "applied", done.errors
    assert done.counts["people_changed"] == staff // 2 and done.counts["people_deactivated"] == 1
    return captured


def test_sync_query_count_does_not_grow_with_the_roster(sync):
    small = _second_sync_queries(sync, 10, first=1)
    large = _second_sync_queries(sync, 100, first=2001)
    assert_queries(
        large, len(small), "a roster sync reads and writes in bulk: its queries must not grow with rows"
    )
