"""Writes about schools, memberships and supervision."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import ApiToken, User
from accounts.services import user_create, user_update
from core.audit import audit, audit_many, audit_rows
from core.permissions import require
from core.roles import DISTRICT_ROLES, SCHOOL_ROLES, Role
from core.services import apply_changes
from core.time import district_today
from schools.models import Membership, School, Supervision
from schools.rules import supervision_upside_down, supervision_would_cycle
from webhooks.services import api_path, event_emit

SCHOOL_FIELDS = ("name", "code", "grade_band", "stage")


def _validate_school_code(code: str, *, exclude_pk=None) -> str:
    code = (code or "").strip().upper()
    clash = School.objects.filter(code__iexact=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if code and clash.exists():
        raise ValidationError({"code": f'Another school already uses the code "{code}".'})
    return code


@transaction.atomic
def school_create(
    *, actor: User | None, name: str, code: str, grade_band: str, stage: str | None = None
) -> School:
    """Add a school. Codes are unique in the district, compared without case."""
    require(actor, "school.manage")
    school = School(
        name=(name or "").strip(),
        code=_validate_school_code(code),
        grade_band=grade_band,
    )
    if stage:
        school.stage = stage
    school.full_clean()
    try:
        with transaction.atomic():
            school.save()
    except IntegrityError:  # another request took the code since we checked
        raise ValidationError({"code": f'Another school already uses the code "{school.code}".'}) from None
    audit(actor=actor, action="school.created", target=school, data={"code": school.code})
    return school


@transaction.atomic
def school_update(*, actor: User | None, school: School, **changes) -> School:
    require(actor, "school.manage")
    if "code" in changes:
        changes["code"] = _validate_school_code(changes["code"], exclude_pk=school.pk)
    return apply_changes(
        actor=actor, instance=school, changes=changes, allowed=SCHOOL_FIELDS, action="school.updated"
    )


@transaction.atomic
def school_set_active(*, actor: User | None, school: School, is_active: bool) -> School:
    """Deactivate (or reactivate) a school. Its memberships and history stay as they are."""
    require(actor, "school.manage")
    if school.is_active != is_active:
        school.is_active = is_active
        school.save(update_fields=["is_active", "updated_at"])
        audit(
            actor=actor,
            action="school.reactivated" if is_active else "school.deactivated",
            target=school,
        )
    return school


def _validate_membership(*, user, school, role, start_date, end_date) -> None:
    errors = {}
    if role not in Role.values:
        errors["role"] = f'"{role}" is not a role. Choose one of: {", ".join(Role.values)}.'
    elif role in SCHOOL_ROLES and school is None:
        errors["school"] = f"A {Role(role).label.lower()} belongs to a school: choose one."
    elif role in DISTRICT_ROLES and school is not None:
        errors["school"] = f"{Role(role).label} is a district role: leave the school empty."
    if school is not None and not school.is_active:
        errors["school"] = f"{school.name} is deactivated."
    if not user.is_active:
        errors["user"] = f"{user} is deactivated; reactivate them first."
    if end_date and start_date and end_date < start_date:
        errors["end_date"] = "The end date cannot precede the start date."
    if errors:
        raise ValidationError(errors)
    if Membership.objects.filter(user=user, school=school, role=role, is_active=True).exists():
        raise ValidationError({"role": "This person already holds this role there."})


@transaction.atomic
def membership_create(
    *,
    actor: User | None,
    user: User,
    role: str,
    school: School | None = None,
    position: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Membership:
    """Give a person a role at a school, or at the central office.

    Rules: school roles need an active school, district roles have none; the end date
    cannot precede the start; one active membership per person, role and school.
    """
    require(actor, "membership.manage")
    start_date = start_date or district_today()
    _validate_membership(user=user, school=school, role=role, start_date=start_date, end_date=end_date)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user,
                school=school,
                role=role,
                position=(position or "").strip(),
                start_date=start_date,
                end_date=end_date,
            )
    except IntegrityError:
        # Two admins granting the same role at once: the unique constraint decides.
        raise ValidationError({"role": "This person already holds this role there."}) from None
    audit(
        actor=actor,
        action="membership.created",
        target=membership,
        data={"user": user.pk, "role": role, "school": getattr(school, "pk", None)},
    )
    return membership


@transaction.atomic
def membership_update(
    *, actor: User | None, membership: Membership, position=None, start_date=None, end_date=...
) -> Membership:
    """Change a membership's position or dates. Role and school are fixed: end it and add another."""
    require(actor, "membership.manage")
    if position is not None:
        membership.position = position.strip()
    if start_date is not None:
        membership.start_date = start_date
    if membership.role == Role.DISTRICT_ADMIN and (
        (end_date is not ... and end_date is not None) or (start_date and start_date > district_today())
    ):
        ensure_not_last_admin(excluding=membership)
    if end_date is not ...:
        membership.end_date = end_date
    if membership.end_date and membership.end_date < membership.start_date:
        raise ValidationError({"end_date": "The end date cannot precede the start date."})
    membership.full_clean(validate_constraints=False)
    membership.save()
    audit(actor=actor, action="membership.updated", target=membership)
    return membership


def ensure_not_last_admin(*, user: User | None = None, excluding: Membership | None = None) -> None:
    """A district always keeps at least one current, open-ended district administrator.

    Locks the administrators' memberships, so two administrators removing each other at
    the same moment cannot both succeed.
    """
    admins = Membership.objects.current().filter(role=Role.DISTRICT_ADMIN, end_date__isnull=True)
    locked = list(admins.select_for_update().values_list("pk", "user_id"))
    leaving = {
        pk for pk, owner in locked if (excluding and pk == excluding.pk) or (user and owner == user.pk)
    }
    if leaving and not {pk for pk, _ in locked} - leaving:
        raise ValidationError(
            {"role": "This is the district's last administrator. Make someone else an administrator first."}
        )


@transaction.atomic
def membership_end(
    *, actor: User | None, membership: Membership, end_date: datetime.date | None = None
) -> Membership:
    """End a membership now (or on a given date). The record stays, inactive, for history.

    The district's last administrator role cannot be ended.
    """
    require(actor, "membership.manage")
    if not membership.is_active:
        return membership
    if membership.role == Role.DISTRICT_ADMIN:
        ensure_not_last_admin(excluding=membership)
    end_date = end_date or district_today()
    if end_date < membership.start_date:
        raise ValidationError({"end_date": "The end date cannot precede the start date."})
    membership.end_date = end_date
    if end_date <= district_today():
        membership.is_active = False
        membership.ended_at = timezone.now()
    membership.save(update_fields=["end_date", "is_active", "ended_at"])
    audit(actor=actor, action="membership.ended", target=membership, data={"end_date": str(end_date)})
    return membership


@transaction.atomic
def membership_end_expired(*, today: datetime.date | None = None) -> int:
    """End every active membership whose end date has passed. Running it again ends none.

    Idempotent by construction: it only touches rows still marked active, and marks them
    inactive in the same statement, so a redelivered or concurrent run finds nothing to do.
    """
    today = today or district_today()
    expired = list(
        Membership.objects.select_for_update(skip_locked=True)
        .filter(is_active=True, end_date__lt=today)
        .only("id")
    )
    if not expired:
        return 0
    Membership.objects.filter(pk__in=[m.pk for m in expired]).update(is_active=False, ended_at=timezone.now())
    audit_many(actor=None, action="membership.expired", targets=expired)
    return len(expired)


@transaction.atomic
def supervision_create(
    *,
    actor: User | None,
    supervisor: User,
    supervisee: User,
    started_on: datetime.date | None = None,
    confirm: bool = False,
) -> Supervision:
    """Record that one person supervises another. No self-supervision, no loops, no duplicates.

    A teacher supervising their own school's leader is refused on `confirm` unless the
    caller confirms it (`supervision_upside_down`): such a link is almost always entered
    the wrong way round.
    """
    require(actor, "supervision.manage")
    errors = {}
    if supervisor.pk == supervisee.pk:
        errors["supervisee"] = "Nobody supervises themselves."
    for field, person in (("supervisor", supervisor), ("supervisee", supervisee)):
        if not person.is_active:
            errors[field] = f"{person} is deactivated."
    if errors:
        raise ValidationError(errors)
    if Supervision.objects.open().filter(supervisor=supervisor, supervisee=supervisee).exists():
        raise ValidationError({"supervisee": f"{supervisor} already supervises {supervisee}."})
    if supervision_would_cycle(supervisor=supervisor, supervisee=supervisee):
        raise ValidationError(
            {"supervisee": f"{supervisee} is already above {supervisor} in the supervision chain."}
        )
    upside_down = supervision_upside_down(supervisor=supervisor, supervisee=supervisee)
    if upside_down and not confirm:
        raise ValidationError({"confirm": upside_down})
    try:
        with transaction.atomic():
            supervision = Supervision.objects.create(
                supervisor=supervisor, supervisee=supervisee, started_on=started_on or district_today()
            )
    except IntegrityError:
        raise ValidationError({"supervisee": f"{supervisor} already supervises {supervisee}."}) from None
    audit(
        actor=actor,
        action="supervision.created",
        target=supervision,
        data={
            "supervisor": supervisor.pk,
            "supervisee": supervisee.pk,
            **({"confirmed_unusual": True} if upside_down else {}),
        },
    )
    return supervision


@transaction.atomic
def supervision_end(
    *, actor: User | None, supervision: Supervision, ended_on: datetime.date | None = None
) -> Supervision:
    require(actor, "supervision.manage")
    if supervision.ended_on is None:
        # A link that has not started yet ends on its start date.
        ended_on = ended_on or max(district_today(), supervision.started_on)
        if ended_on < supervision.started_on:
            raise ValidationError({"ended_on": "The end date cannot precede the start date."})
        supervision.ended_on = ended_on
        supervision.save(update_fields=["ended_on"])
        audit(actor=actor, action="supervision.ended", target=supervision)
    return supervision


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User) -> User:
    """Deactivate a person: they can no longer sign in or use tokens; their history stays.

    Their current memberships and supervisions end today. The district's last
    administrator cannot be deactivated.
    """
    require(actor, "person.manage")
    if actor is not None and actor.pk == user.pk:
        raise ValidationError({"is_active": "You cannot deactivate yourself."})
    if not user.is_active:
        return user
    ensure_not_last_admin(user=user)
    now = timezone.now()
    today = district_today()
    user.is_active = False
    user.deactivated_at = now
    user.save(update_fields=["is_active", "deactivated_at"])
    Membership.objects.filter(user=user, is_active=True).update(
        # A membership that had not started yet ends on its start date.
        is_active=False,
        ended_at=now,
        end_date=Greatest(F("start_date"), Value(today)),
    )
    for side in ("supervisor", "supervisee"):
        Supervision.objects.open().filter(**{side: user}).update(
            ended_on=Greatest(F("started_on"), Value(today))
        )
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    audit(actor=actor, action="person.deactivated", target=user)
    event_emit(
        type="person.deactivated", data={"person": user.pk, "links": {"person": api_path("person", user.pk)}}
    )
    return user


@transaction.atomic
def person_create(*, actor: User | None, **fields) -> User:
    """Add a person (accounts.services.user_create) and tell the district's webhooks."""
    user = user_create(actor=actor, **fields)
    event_emit(
        type="person.created", data={"person": user.pk, "links": {"person": api_path("person", user.pk)}}
    )
    return user


@transaction.atomic
def person_update(*, actor: User | None, user: User, **changes) -> User:
    """Change a person (accounts.services.user_update) and tell the district's webhooks
    which fields changed (their values are in the API, behind its access rules)."""
    user = user_update(actor=actor, user=user, **changes)
    data = {"person": user.pk, "changed": sorted(changes), "links": {"person": api_path("person", user.pk)}}
    event_emit(type="person.updated", data=data)
    return user


@transaction.atomic
def user_deactivate_many(*, actor: User | None, user_ids: list[int], data: dict | None = None) -> list[int]:
    """`user_deactivate` for many people at once (a roster sync), in a fixed number of
    queries: the same effects (memberships and supervisions end today, tokens revoked,
    history kept) and the same rule (the district keeps an administrator). Returns the ids
    deactivated (those already inactive are left alone)."""
    require(actor, "person.manage")
    ids = list(User.objects.filter(pk__in=user_ids, is_active=True).values_list("pk", flat=True))
    if not ids:
        return []
    admins = Membership.objects.current().filter(role=Role.DISTRICT_ADMIN, end_date__isnull=True)
    admin_users = set(admins.select_for_update().values_list("user_id", flat=True))
    if admin_users and admin_users <= set(ids):
        raise ValidationError(
            {"role": "This is the district's last administrator. Make someone else an administrator first."}
        )
    now = timezone.now()
    today = district_today()
    User.objects.filter(pk__in=ids).update(is_active=False, deactivated_at=now)
    Membership.objects.filter(user_id__in=ids, is_active=True).update(
        is_active=False, ended_at=now, end_date=Greatest(F("start_date"), Value(today))
    )
    Supervision.objects.open().filter(supervisor_id__in=ids).update(
        ended_on=Greatest(F("started_on"), Value(today))
    )
    Supervision.objects.open().filter(supervisee_id__in=ids).update(
        ended_on=Greatest(F("started_on"), Value(today))
    )
    ApiToken.objects.filter(user_id__in=ids, revoked_at__isnull=True).update(revoked_at=now)
    audit_rows(actor=actor, rows=(("person.deactivated", "accounts.user", pk, data) for pk in ids))
    return ids
