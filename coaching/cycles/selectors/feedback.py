"""Reads of feedback, each for an actor."""

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from coaching.cycles.rules import sees_everything
from coaching.cycles.selectors.common import audit_read, indicators, supervisees
from coaching.models import Feedback
from coaching.relations import cycles_coached_now
from core.api import get_or_404


def feedback_list_for_actor(*, actor: User) -> QuerySet[Feedback]:
    """Feedback you received; that you gave outside cycles and that of the open cycles
    you coach; outside cycles, that of the people you supervise; inside cycles, only what
    your supervisees shared with you."""
    feedback = Feedback.objects.select_related("author", "recipient", "cycle").prefetch_related(
        Prefetch("indicators", queryset=indicators())
    )
    if sees_everything(actor):
        return feedback
    people = supervisees(actor)
    return feedback.filter(
        Q(recipient=actor)
        | Q(cycle__isnull=True, author=actor)
        | Q(cycle__in=cycles_coached_now(actor).values("pk"))
        | Q(cycle__isnull=True, recipient__in=people)
        | Q(cycle__isnull=False, shared_with_supervisor=True, cycle__coachee__in=people)
    )


def feedback_get_for_actor(*, actor: User, feedback_id: int | str) -> Feedback:
    feedback = get_or_404(feedback_list_for_actor(actor=actor), feedback_id)
    audit_read(actor, feedback)
    return feedback
