import datetime

import pytest
from django.core.exceptions import ValidationError

from core.roles import Role
from core.time import district_today
from schools.models import Membership
from schools.services import membership_create, membership_end, membership_update, user_deactivate
from tests.factories import MembershipFactory, SchoolFactory, person

pytestmark = pytest.mark.django_db


def test_deactivating_someone_whose_role_has_not_started_yet_ends_it_on_its_start_date():
    admin = person(Role.DISTRICT_ADMIN)
    starts = district_today() + datetime.timedelta(days=20)
    future = MembershipFactory(start_date=starts)
    user_deactivate(actor=admin, user=future.user)
    future.refresh_from_db()
    assert not future.is_active and future.end_date == starts


def test_the_last_district_administrator_role_cannot_be_ended():
    admin = person(Role.DISTRICT_ADMIN)
    only = admin.memberships.get()
    with pytest.raises(ValidationError, match="last administrator"):
        membership_end(actor=admin, membership=only)
    with pytest.raises(ValidationError, match="last administrator"):
        membership_update(
            actor=admin, membership=only, end_date=district_today() - datetime.timedelta(days=1)
        )

    second = person(Role.DISTRICT_ADMIN)
    membership_end(actor=second, membership=only)
    only.refresh_from_db()
    assert not only.is_active


def test_the_last_district_administrator_cannot_be_deactivated(api):
    admin = person(Role.DISTRICT_ADMIN)
    other = person(Role.DISTRICT_ADMIN)
    api(admin).post(f"/api/v1/memberships/{other.memberships.get().pk}/end/")
    with pytest.raises(ValidationError, match="last administrator"):
        user_deactivate(actor=None, user=admin)


def test_one_active_membership_per_person_role_and_school_but_history_allowed():
    admin = person(Role.DISTRICT_ADMIN)
    school = SchoolFactory()
    teacher = person()
    first = membership_create(actor=admin, user=teacher, role=Role.TEACHER, school=school)
    with pytest.raises(ValidationError):
        membership_create(actor=admin, user=teacher, role=Role.TEACHER, school=school)
    membership_end(actor=admin, membership=first)
    again = membership_create(actor=admin, user=teacher, role=Role.TEACHER, school=school)
    assert Membership.objects.filter(user=teacher).count() == 2 and again.is_active


def test_roles_cannot_be_given_at_a_deactivated_school_or_to_a_deactivated_person():
    admin = person(Role.DISTRICT_ADMIN)
    closed = SchoolFactory(is_active=False)
    with pytest.raises(ValidationError) as raised:
        membership_create(actor=admin, user=person(), role=Role.COACH, school=closed)
    assert "school" in raised.value.message_dict
    gone = person(is_active=False)
    with pytest.raises(ValidationError) as raised:
        membership_create(actor=admin, user=gone, role=Role.CENTRAL_OFFICE)
    assert "user" in raised.value.message_dict
