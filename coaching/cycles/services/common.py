"""Private helpers and rules shared by the cycle, observation and feedback writes."""

from django.core.exceptions import PermissionDenied, ValidationError

from assessments.models import AdoptionStatus, Item, ItemKind
from coaching.cycles.rules import CLOSED_MESSAGE
from coaching.models import CoachingCycle
from core.api import as_id


def _day(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _require_open(cycle: CoachingCycle | None, field: str = "cycle") -> None:
    if cycle is not None and cycle.is_closed:
        raise ValidationError({field: CLOSED_MESSAGE}, code="closed")


def _id_list(values, *, field: str) -> list[int]:
    ids = [as_id(value) for value in values]
    whole = [pk for pk in ids if pk is not None]
    if len(whole) != len(ids):
        raise ValidationError({field: "Give ids (whole numbers)."})
    return list(dict.fromkeys(whole))


def _live_indicators(ids, *, field: str) -> list[Item]:
    """Indicators still in use in adopted frameworks, in the order given."""
    ids = _id_list(ids, field=field)
    found = {
        item.pk: item
        for item in Item.objects.filter(
            pk__in=ids,
            kind=ItemKind.INDICATOR,
            is_retired=False,
            framework__adoption_status=AdoptionStatus.ADOPTED,
        )
    }
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({field: f"Not an indicator of an adopted framework: {', '.join(missing)}."})
    return [found[pk] for pk in ids]


def _coach_only(actor, cycle: CoachingCycle, what: str) -> None:
    if actor.pk != cycle.coach_id:
        raise PermissionDenied(f"Only the cycle's coach {what}.")
