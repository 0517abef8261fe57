"""Writing a plan (rostering/plan.py) in bulk: a fixed number of queries per table, in
batches, whatever the size of the roster. Called inside the import's transaction, so a
failure anywhere leaves the district as it was. Every change gets an audit row whose data
names the import as its cause (`{"cause": "roster_import:<id>"}`).
"""

from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import User
from core.audit import audit_rows
from core.roles import Role
from core.time import district_today
from rostering.plan import Plan
from schools.models import GradeBand, Membership, MembershipSource, School
from schools.services import user_deactivate_many

BATCH = 1000


def apply_plan(*, plan: Plan, actor: User | None, cause: str, progress: Callable[[str, int], None]) -> dict:
    """Write the plan; returns the ids touched, for the completion hook."""
    audit: list[tuple] = []
    data = {"cause": cause}
    today = district_today()
    now = timezone.now()

    progress("schools", 10)
    new_schools = [
        School(sourced_id=org.sourced_id, code=org.identifier, name=org.name, grade_band=GradeBand.OTHER)
        for org in plan.schools_new
    ]
    School.objects.bulk_create(new_schools, batch_size=BATCH)
    school_ids: dict[str, int] = {school.sourced_id: school.pk for school in new_schools}
    audit += [("school.created", "schools.school", s.pk, {**data, "code": s.code}) for s in new_schools]
    if plan.schools_changed:
        changed = School.objects.in_bulk([pk for pk, _ in plan.schools_changed])
        fields: set[str] = set()
        for pk, changes in plan.schools_changed:
            for name, (_before, after) in changes.items():
                setattr(changed[pk], name, after)
                fields.add(name)
            changed[pk].updated_at = now
            audit.append(("school.updated", "schools.school", pk, {**data, "before": _before_of(changes)}))
        School.objects.bulk_update(changed.values(), [*sorted(fields), "updated_at"], batch_size=BATCH)
    if plan.schools_deactivated:
        School.objects.filter(pk__in=plan.schools_deactivated).update(is_active=False, updated_at=now)
        audit += [("school.deactivated", "schools.school", pk, data) for pk in plan.schools_deactivated]

    progress("people", 30)
    new_people = [
        User(
            email=person.email,
            first_name=person.given_name,
            last_name=person.family_name,
            sourced_id=person.sourced_id,
            password=make_password(None),
        )
        for person in plan.people_new
    ]
    User.objects.bulk_create(new_people, batch_size=BATCH)
    person_ids: dict[str, int] = {user.sourced_id: user.pk for user in new_people}
    audit += [("person.created", "accounts.user", u.pk, data) for u in new_people]
    updated_people = [pk for pk, changes in plan.people_changed if changes]
    if updated_people:
        people = User.objects.in_bulk(updated_people)
        fields = set()
        for pk, changes in plan.people_changed:
            if not changes:
                continue
            for name, (_before, after) in changes.items():
                setattr(people[pk], name, after)
                fields.add(name)
            if changes.get("is_active"):
                people[pk].deactivated_at = None
                fields.add("deactivated_at")
            audit.append(("person.updated", "accounts.user", pk, {**data, "before": _before_of(changes)}))
        User.objects.bulk_update(people.values(), sorted(fields), batch_size=BATCH)

    progress("memberships", 55)
    memberships = [
        Membership(
            user_id=person_ids.get(person, person) if isinstance(person, str) else person,
            school_id=(school_ids.get(school, school) if isinstance(school, str) else school),
            role=role,
            position=Role(role).label,
            start_date=today,
            source=MembershipSource.ROSTER,
        )
        for person, school, role in plan.memberships_new
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    audit += [
        ("membership.created", "schools.membership", m.pk, {**data, "user": m.user_id, "role": m.role})
        for m in memberships
    ]
    if plan.memberships_ended:
        Membership.objects.filter(pk__in=plan.memberships_ended, is_active=True).update(
            is_active=False, ended_at=now, end_date=Greatest(F("start_date"), Value(today))
        )
        audit += [("membership.ended", "schools.membership", pk, data) for pk in plan.memberships_ended]

    progress("deactivations", 75)
    deactivated = user_deactivate_many(actor=actor, user_ids=plan.people_deactivated, data=data)

    progress("audit", 90)
    audit_rows(actor=actor, rows=audit)
    return {
        "people_created": [u.pk for u in new_people],
        "people_updated": [pk for pk, _ in plan.people_changed],
        "people_deactivated": deactivated,
    }


def _before_of(changes: dict) -> dict:
    return {name: before for name, (before, _after) in changes.items()}
