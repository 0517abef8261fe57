"""Relationships between people and schools: who supervises whom, and the supervision
links that would be wrong (a loop) or look upside down."""

from django.db.models import Q

from accounts.models import User
from core.roles import DISTRICT_ROLES, Role
from schools.models import Membership, Supervision


def supervises(*, actor: User, person: User | int) -> bool:
    """Whether the actor supervises `person` (a person or their id) today."""
    return Supervision.objects.supervises(actor, person)


def supervision_would_cycle(*, supervisor: User, supervisee: User) -> bool:
    """True if `supervisee` already supervises `supervisor`, directly or up the chain."""
    seen, frontier = set(), {supervisor.pk}
    while frontier:
        if supervisee.pk in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                Supervision.objects.open()
                .filter(supervisee_id__in=frontier)
                .values_list("supervisor_id", flat=True)
            )
            - seen
        )
    return False


def supervision_upside_down(*, supervisor: User, supervisee: User) -> str | None:
    """Why the link looks backwards, or None: the supervisor teaches at a school that the
    supervisee leads, and neither leads that school nor works at the central office. It
    is how a new teacher once became her own principal's supervisor."""
    current = Membership.objects.current()
    led = current.filter(user=supervisee, role=Role.SCHOOL_LEADER).values("school_id")
    taught = (
        current.filter(user=supervisor, role=Role.TEACHER, school_id__in=led)
        .select_related("school")
        .order_by("school__name")
        .first()
    )
    if taught is None:
        return None
    outranks = current.filter(user=supervisor).filter(
        Q(role=Role.SCHOOL_LEADER, school_id=taught.school_id) | Q(role__in=sorted(DISTRICT_ROLES))
    )
    if outranks.exists():
        return None
    return (
        f"{supervisor} is a teacher at {taught.school.name}, which {supervisee} leads: a teacher "
        f"does not usually supervise their own school's leader. Tick the confirmation if "
        f"{supervisor} really supervises {supervisee}."
    )
