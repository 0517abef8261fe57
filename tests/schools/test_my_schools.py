"""The shared answers to "my schools" and "my supervisees" that every app asks."""

import pytest

from core.roles import Role
from schools.models import School
from schools.rules import supervises
from schools.selectors import led_school_ids, member_school_ids, supervisee_ids, supervisor_ids
from tests.factories import MembershipFactory, SchoolFactory, SupervisionFactory, person
from tests.support import days

pytestmark = pytest.mark.django_db


def schools(ids) -> set[str]:
    return set(School.objects.filter(pk__in=ids).values_list("name", flat=True))


def test_my_schools_are_those_of_my_memberships_in_force_and_i_lead_only_where_i_am_the_leader():
    leads, teaches = SchoolFactory(name="Leads"), SchoolFactory(name="Teaches")
    me = person(Role.SCHOOL_LEADER, school=leads)
    MembershipFactory(user=me, role=Role.TEACHER, school=teaches)
    MembershipFactory(user=me, role=Role.TEACHER, school=SchoolFactory(name="Ended"), end_date=days(-1))
    MembershipFactory(user=me, role=Role.TEACHER, school=SchoolFactory(name="Later"), start_date=days(5))
    MembershipFactory(user=me, role=Role.CENTRAL_OFFICE)
    person(Role.SCHOOL_LEADER, school=SchoolFactory(name="Someone else's"))

    assert schools(member_school_ids(actor=me)) == {"Leads", "Teaches"}
    assert schools(led_school_ids(actor=me)) == {"Leads"}
    assert schools(member_school_ids(actor=me, on=days(5))) == {"Leads", "Teaches", "Later"}


def test_my_supervisees_are_the_people_i_supervise_now():
    me, now, ended, later = person(), person(), person(), person()
    SupervisionFactory(supervisor=me, supervisee=now)
    SupervisionFactory(supervisor=me, supervisee=ended, ended_on=days(-1))
    SupervisionFactory(supervisor=me, supervisee=later, started_on=days(5))
    SupervisionFactory(supervisor=now, supervisee=person())

    assert set(supervisee_ids(actor=me).values_list("supervisee_id", flat=True)) == {now.pk}
    assert set(supervisee_ids(actor=me, on=days(5)).values_list("supervisee_id", flat=True)) == {
        now.pk,
        later.pk,
    }
    assert set(supervisor_ids(actor=now).values_list("supervisor_id", flat=True)) == {me.pk}
    assert supervises(actor=me, person=now) and supervises(actor=me, person=now.pk)
    assert not supervises(actor=me, person=ended) and not supervises(actor=now, person=me)
