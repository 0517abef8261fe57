"""factory_boy factories. They write to whichever district schema is active."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from accounts.services import api_token_create
from core.roles import Role
from schools.models import GradeBand, Membership, School, Supervision


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's convention
        if create:
            obj.save(update_fields=["password"])


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School {n:03d}")
    code = factory.Sequence(lambda n: f"SC{n:04d}")
    grade_band = GradeBand.ELEMENTARY


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.TEACHER
    school = factory.Maybe(
        factory.LazyAttribute(lambda m: m.role in (Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER)),
        yes_declaration=factory.SubFactory(SchoolFactory),
        no_declaration=None,
    )
    start_date = datetime.date(2024, 8, 1)


class SupervisionFactory(DjangoModelFactory):
    class Meta:
        model = Supervision

    supervisor = factory.SubFactory(UserFactory)
    supervisee = factory.SubFactory(UserFactory)
    started_on = datetime.date(2024, 8, 1)


def person(role=None, school=None, **user_fields) -> User:
    """A person holding `role` (at `school` for school roles), or no role at all."""
    user = UserFactory(**user_fields)
    if role is not None:
        kwargs = {"user": user, "role": role}
        if role in (Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER):
            kwargs["school"] = school or SchoolFactory()
        MembershipFactory(**kwargs)
    return user


def token_for(user) -> str:
    return api_token_create(actor=user, name="tests").secret
