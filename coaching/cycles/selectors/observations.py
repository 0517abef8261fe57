"""Reads of observations, their evidence and attachments, each for an actor."""

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from assessments.models import Item, Level
from coaching.cycles.rules import sees_everything
from coaching.cycles.selectors.common import audit_read, supervisees
from coaching.models import Attachment, CoachingCycle, EvidenceItem, Observation
from coaching.relations import cycles_coached_now
from core.api import get_or_404


def observation_list_for_actor(*, actor: User) -> QuerySet[Observation]:
    """Observations made of you; those you made outside cycles and those of the open
    cycles you coach; outside cycles, those of the people you supervise; inside cycles,
    only what your supervisees shared with you."""
    observations = Observation.objects.select_related(
        "observer", "observed", "school", "cycle"
    ).prefetch_related(
        Prefetch("evidence", queryset=EvidenceItem.objects.select_related("indicator", "level")),
        "attachments",
    )
    if sees_everything(actor):
        return observations
    people = supervisees(actor)
    return observations.filter(
        Q(observed=actor)
        | Q(cycle__isnull=True, observer=actor)
        | Q(cycle__in=cycles_coached_now(actor).values("pk"))
        | Q(cycle__isnull=True, observed__in=people)
        | Q(cycle__isnull=False, shared_with_supervisor=True, cycle__coachee__in=people)
    )


def observation_get_for_actor(*, actor: User, observation_id: int | str) -> Observation:
    observation = get_or_404(observation_list_for_actor(actor=actor), observation_id)
    audit_read(actor, observation)
    return observation


def cycle_observation_list_for_actor(*, actor: User, cycle: CoachingCycle) -> QuerySet[Observation]:
    """The observations of one cycle the actor may see."""
    return observation_list_for_actor(actor=actor).filter(cycle=cycle)


def observation_evidence(*, observation: Observation) -> list[EvidenceItem]:
    """The evidence of an observation already read for the actor (prefetched: no query)."""
    return list(observation.evidence.all())


def observation_attachments(*, observation: Observation) -> list[Attachment]:
    """The attachments of an observation already read for the actor (prefetched: no query)."""
    return list(observation.attachments.all())


def attachment_get_for_observation(*, observation: Observation, attachment_id: int | str) -> Attachment:
    """One attachment of an observation already read for the actor; another's is a 404."""
    return get_or_404(observation.attachments.all(), attachment_id)


def evidence_level_choices(*, indicators: Iterable[Item]) -> list[Level]:
    """The levels evidence on these indicators may be rated at: those of the indicators'
    frameworks, by framework title and position."""
    return list(
        Level.objects.filter(framework__in={i.framework_id for i in indicators})
        .select_related("framework")
        .order_by("framework__title", "position")
    )
