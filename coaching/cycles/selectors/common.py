"""Helpers shared by the cycle reads: auditing what is shown to someone who is not a party,
the actor's supervisees, and indicators as every read prefetches them."""

from collections.abc import Iterable

from django.db.models import QuerySet

from accounts.models import User
from assessments.models import Item
from coaching.cycles.rules import is_party
from coaching.models import CheckIn, CoachingCycle, CycleNote, Feedback, Observation
from core.audit import audit, audit_many

AUDIT_NAMES = {
    CoachingCycle: "cycle",
    Observation: "observation",
    Feedback: "feedback",
    CycleNote: "cycle_note",
    CheckIn: "check_in",
}


def audit_listed(*, actor: User, records: Iterable) -> None:
    """Audit the rows of a list shown to someone who is not a party to them; one INSERT
    per kind of record, whatever the number of rows."""
    by_kind: dict[str, list] = {}
    for record in records:
        if not is_party(actor, record):
            by_kind.setdefault(AUDIT_NAMES[type(record)], []).append(record)
    for name, targets in by_kind.items():
        audit_many(actor=actor, action=f"{name}.listed", targets=targets)


def audit_read(actor: User, record) -> None:
    """Audit one record read by someone who is not a party to it."""
    if not is_party(actor, record):
        audit(actor=actor, action=f"{AUDIT_NAMES[type(record)]}.read", target=record)


def supervisees(actor: User) -> QuerySet:
    """The ids (`supervisee_id`) of the people the actor currently supervises."""
    from schools.models import Supervision

    return Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")


def indicators() -> QuerySet[Item]:
    return Item.objects.select_related("parent").order_by("framework_id", "depth", "sequence", "id")
