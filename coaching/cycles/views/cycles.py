"""Pages: a cycle with its timeline, and what is done from it (a stage move, a note,
feedback, a planned observation or meeting)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from coaching.calendar import selectors as calendar_selectors
from coaching.calendar import services as calendar_services
from coaching.cycles.forms import AcknowledgeForm, EventForm, FeedbackForm, NoteForm, TransitionForm
from coaching.cycles.rules import sees_cycle_contents
from coaching.cycles.selectors.cycles import (
    cycle_focus_indicators,
    cycle_get_for_actor,
    cycle_refreshed,
    cycle_timeline,
)
from coaching.cycles.selectors.observations import cycle_observation_list_for_actor
from coaching.cycles.selectors.workspace import cycle_progress, next_action
from coaching.cycles.services import lifecycle
from coaching.cycles.services.feedback import feedback_give
from coaching.cycles.services.lifecycle import ALLOWED_MOVES, NEXT_STATUS
from coaching.models import CoachingCycle, CycleStatus
from core.forms import submit
from core.time import district_timezone


def _status_words(change: dict) -> str:
    """A stage change in words: "Moved from Observing to Feedback by Cleo Diaz, Dec 4, 2026"."""

    def label(value):
        return CycleStatus(value).label if value in CycleStatus.values else value

    by = change["by"].full_name if change.get("by") else "the system"
    when = timezone.localtime(change["at"], district_timezone())
    day = date_format(when.date(), "M j, Y")
    if not change.get("previous"):
        return f"Cycle started in {label(change['status'])} by {by}, {day}"
    return f"Moved from {label(change['previous'])} to {label(change['status'])} by {by}, {day}"


def _move_label(cycle, to) -> str:
    if to == CycleStatus.CLOSED:
        return "Close the cycle"
    if NEXT_STATUS.get(cycle.status) == to:
        return f"Move to {CycleStatus(to).label.lower()}"
    return f"Back to {CycleStatus(to).label.lower()}"


def _cycle_page(request, cycle, **forms_in_play):
    me = request.user
    timeline = cycle_timeline(actor=me, cycle=cycle)
    for entry in timeline:
        if entry["kind"] == "status":
            entry["words"] = _status_words(entry["object"])
    is_coach, is_coachee = cycle.coach_id == me.pk, cycle.coachee_id == me.pk
    observations = [e["object"] for e in timeline if e["kind"] == "observation"]
    is_party = is_coach or is_coachee
    if is_party:
        cycle_progress(cycle)
    moves = [
        {"to": to, "label": _move_label(cycle, to), "forward": to == NEXT_STATUS.get(cycle.status)}
        for to in ALLOWED_MOVES.get(cycle.status, ())
    ]
    feedback_initial = {}
    wanted = request.GET.get("observation", "")
    if wanted.isdigit() and any(o.pk == int(wanted) for o in observations):
        feedback_initial["observation"] = int(wanted)
    context = {
        "cycle": cycle,
        "timeline": timeline,
        "is_coach": is_coach,
        "is_coachee": is_coachee,
        "is_party": is_party,
        "sees_contents": sees_cycle_contents(actor=me, cycle=cycle),
        "moves": moves,
        "closing": CycleStatus.CLOSED in ALLOWED_MOVES.get(cycle.status, ()),
        "statuses": CycleStatus.choices,
        "shareable": ("observation", "feedback", "note"),
        "next_action": next_action(cycle) if is_party else None,
        "events": list(calendar_selectors.coaching_event_upcoming_in_cycle(actor=me, cycle=cycle))
        if is_party
        else [],
        "focus": cycle_focus_indicators(cycle=cycle),
        "transition_form": forms_in_play.get("transition_form") or TransitionForm(),
        "note_form": forms_in_play.get("note_form") or NoteForm(),
        "feedback_form": forms_in_play.get("feedback_form")
        or FeedbackForm(cycle=cycle, observations=observations, initial=feedback_initial),
        "event_form": forms_in_play.get("event_form") or EventForm(),
        "acknowledge_form": AcknowledgeForm(),
    }
    return render(request, "coaching/cycle_detail.html", context, status=400 if forms_in_play else 200)


def _cycle(request, pk) -> CoachingCycle:
    return cycle_get_for_actor(actor=request.user, cycle_id=pk)


@login_required
def cycle_detail(request, pk):
    return _cycle_page(request, _cycle(request, pk))


@login_required
@require_POST
def cycle_transition(request, pk):
    cycle = _cycle(request, pk)
    form = TransitionForm(request.POST)
    to = request.POST.get("to", "")
    done = submit(
        request,
        form,
        lambda data: lifecycle.cycle_transition(
            actor=request.user,
            cycle=cycle,
            to=to,
            summary=data["summary"],
            invite_self_assessment=data["invite_self_assessment"],
        ),
    )
    if done:
        if done.is_closed:
            messages.success(
                request,
                f"The cycle is closed and its summary sent to {done.coachee.full_name}. What was "
                "recorded in it is now theirs; you keep its outline.",
            )
        else:
            messages.success(request, f"The cycle is now {done.get_status_display().lower()}.")
        return redirect("coaching:cycle-detail", cycle.pk)
    return _cycle_page(request, cycle_refreshed(cycle=cycle), transition_form=form)


@login_required
@require_POST
def cycle_note_add(request, pk):
    cycle = _cycle(request, pk)
    form = NoteForm(request.POST)
    if submit(request, form, lambda data: lifecycle.cycle_note_add(actor=request.user, cycle=cycle, **data)):
        messages.success(request, "Note added.")
        return redirect("coaching:cycle-detail", cycle.pk)
    return _cycle_page(request, cycle, note_form=form)


@login_required
@require_POST
def cycle_feedback_give(request, pk):
    cycle = _cycle(request, pk)
    observations = cycle_observation_list_for_actor(actor=request.user, cycle=cycle)
    form = FeedbackForm(request.POST, cycle=cycle, observations=list(observations))
    given = submit(
        request,
        form,
        lambda data: feedback_give(
            actor=request.user,
            cycle=cycle,
            observation=data["observation"],
            strengths=data["strengths"],
            next_steps=data["next_steps"],
            indicator_ids=[i.pk for i in data["indicators"]],
        ),
    )
    if given:
        messages.success(request, f"Feedback sent to {cycle.coachee.full_name}.")
        return redirect("coaching:cycle-detail", cycle.pk)
    return _cycle_page(request, cycle, feedback_form=form)


@login_required
@require_POST
def cycle_event_schedule(request, pk):
    """The coach plans an observation or a meeting from the cycle page."""
    cycle = _cycle(request, pk)
    form = EventForm(request.POST)
    event = submit(
        request,
        form,
        lambda data: calendar_services.coaching_event_schedule(
            actor=request.user,
            cycle=cycle,
            kind=data["kind"],
            starts_at=data["starts_at"],
            minutes=data["minutes"],
            note=data["note"],
        ),
    )
    if event:
        when = timezone.localtime(event.starts_at, district_timezone())
        messages.success(request, f"{event.get_kind_display()} planned for {date_format(when, 'D M j, P')}.")
        return redirect("coaching:cycle-detail", cycle.pk)
    return _cycle_page(request, cycle, event_form=form)


@login_required
@require_POST
def cycle_event_cancel(request, pk, event_id):
    cycle = _cycle(request, pk)
    event = calendar_selectors.coaching_event_get_for_actor(actor=request.user, event_id=event_id)
    if event.cycle_id != cycle.pk:
        raise Http404("No such event in this cycle.")
    try:
        calendar_services.coaching_event_cancel(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Cancelled.")
    return redirect("coaching:cycle-detail", cycle.pk)
