"""Writes: `nudge_send`."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from coaching.checkins.selectors import check_in_list_for_actor
from coaching.models import CheckIn, CheckInStatus, CycleStatus, GoalStatus
from core.audit import audit_many
from core.time import district_timezone, district_today
from notifications.models import Kind, Nudge
from notifications.services import Draft, notify_many

WINDOW = datetime.timedelta(hours=24)
RECORD_TYPE = CheckIn._meta.label_lower
MAX_IDS = 500


@dataclass
class NudgeOutcome:
    sent: list = field(default_factory=list)  # the check-ins reminded of
    skipped: list = field(default_factory=list)  # reminded of less than WINDOW ago

    @property
    def recipients(self) -> list:
        people = {c.owner_id: c.owner for c in self.sent}
        return sorted(people.values(), key=lambda p: (p.last_name, p.first_name, p.pk))

    @property
    def message(self) -> str:
        names = [p.full_name for p in self.recipients]
        if len(names) == 1:
            text = f"Reminder sent to {names[0]}."
        else:
            text = f"Reminders sent to {len(names)} people."
        if self.skipped:
            count = len(self.skipped)
            text += (
                f" {count} check-in{'s' if count != 1 else ''} left out: reminded of less than 24 hours ago."
            )
        return text


def _ids(values, name: str) -> list[int]:
    try:
        ids = sorted({int(value) for value in values or ()})
    except (TypeError, ValueError):
        raise ValidationError({name: "Give ids (whole numbers)."}) from None
    if len(ids) > MAX_IDS:
        raise ValidationError({name: f"At most {MAX_IDS} at once."})
    return ids


def _local(moment) -> str:
    local = timezone.localtime(moment, district_timezone())
    return f"{local:%b} {local.day}, {local:%-I:%M %p}"


@transaction.atomic
def nudge_send(*, actor: User, check_in_ids=(), person_ids=()) -> NudgeOutcome:
    """Remind the owners of overdue check-ins, named one by one (`check_in_ids`) or as
    everything overdue that the actor may see of some people (`person_ids`).

    Rules (people/nudges/__init__.py): only check-ins the actor may read, overdue, on an
    active goal or an open cycle, not the actor's own; each at most once in WINDOW,
    checked with the check-ins locked. Errors name `check_ins` or `people`.
    """
    field_name = "check_ins" if check_in_ids else "people"
    check_in_ids, person_ids = _ids(check_in_ids, "check_ins"), _ids(person_ids, "people")
    if not check_in_ids and not person_ids:
        raise ValidationError({field_name: "Choose the check-ins or the people to remind."})
    today = district_today()
    overdue = Q(status=CheckInStatus.OVERDUE) | Q(status=CheckInStatus.OPEN, due_on__lt=today)
    live = Q(goal__status=GoalStatus.ACTIVE) | (Q(cycle__isnull=False) & ~Q(cycle__status=CycleStatus.CLOSED))
    check_ins = list(
        check_in_list_for_actor(actor=actor)
        .filter(Q(pk__in=check_in_ids) | Q(owner_id__in=person_ids))
        .filter(overdue, live)
        .exclude(owner=actor)
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if not check_ins:
        raise ValidationError(
            {field_name: "There is no overdue check-in of theirs that you can remind them of."}
        )
    since = timezone.now() - WINDOW
    latest = dict(
        Nudge.objects.filter(
            record_type=RECORD_TYPE, record_id__in=[c.pk for c in check_ins], sent_at__gt=since
        )
        .values("record_id")
        .annotate(latest=Max("sent_at"))
        .values_list("record_id", "latest")
    )
    outcome = NudgeOutcome(
        sent=[c for c in check_ins if c.pk not in latest], skipped=[c for c in check_ins if c.pk in latest]
    )
    if not outcome.sent:
        again = _local(min(latest.values()) + WINDOW)
        who = sorted({c.owner.full_name for c in check_ins})
        raise ValidationError(
            {
                field_name: f"{', '.join(who)} {'was' if len(who) == 1 else 'were'} already reminded of "
                f"{'this' if len(check_ins) == 1 else 'these'} in the last 24 hours. "
                f"You can send another reminder after {again}."
            }
        )

    by_owner: dict[int, list[CheckIn]] = {}
    for check_in in outcome.sent:
        by_owner.setdefault(check_in.owner_id, []).append(check_in)
    drafts = [_draft(actor, items) for items in by_owner.values()]
    notifications = notify_many(drafts)
    now = timezone.now()
    Nudge.objects.bulk_create(
        Nudge(
            sender=actor,
            recipient_id=owner_id,
            record_type=RECORD_TYPE,
            record_id=c.pk,
            notification=notification,
            sent_at=now,
        )
        for (owner_id, items), notification in zip(by_owner.items(), notifications, strict=True)
        for c in items
    )
    audit_many(actor=actor, action="check_in.nudged", targets=outcome.sent)
    return outcome


def _subject(check_in: CheckIn) -> str:
    if check_in.goal is not None:
        text = check_in.goal.statement
    else:
        assert check_in.cycle is not None  # a goal or a cycle (constraint check_in_has_one_subject)
        text = check_in.cycle.title
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"


def _draft(actor, items: list[CheckIn]) -> Draft:
    owner_id = items[0].owner_id
    if len(items) == 1:
        check_in = items[0]
        return Draft(
            recipient_id=owner_id,
            kind=Kind.NUDGE,
            title=f"{actor.full_name} reminds you of your check-in due {check_in.due_on:%b} "
            f"{check_in.due_on.day}: {_subject(check_in)}",
            body="It is overdue and can still be answered.",
            url=reverse("coaching:check-in-detail", args=[check_in.pk]),
        )
    return Draft(
        recipient_id=owner_id,
        kind=Kind.NUDGE,
        title=f"{actor.full_name} reminds you of {len(items)} overdue check-ins",
        body="\n".join(f"Due {c.due_on:%b} {c.due_on.day}: {_subject(c)}" for c in items),
        url=reverse("coaching:check-in-list"),
    )
