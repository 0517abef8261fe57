"""Pages: the observation form (quick on a phone, during a visit), editing it until
feedback is given, the observation, and its files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render

from assessments.frameworks.selectors import item_list_for_actor
from assessments.models import ItemKind
from coaching.cycles.forms import EVIDENCE_ROWS, ObservationForm
from coaching.cycles.rules import observation_edit_refusal
from coaching.cycles.selectors.cycles import cycle_focus_indicators, cycle_get_for_actor
from coaching.cycles.selectors.observations import (
    attachment_get_for_observation,
    evidence_level_choices,
    observation_attachments,
    observation_evidence,
    observation_get_for_actor,
)
from coaching.cycles.services.observations import (
    attachment_add,
    attachment_remove,
    observation_record,
    observation_update,
)
from coaching.models import ObservationKind
from coaching.relations import leads_coaching
from core.downloads import file_download
from core.forms import submit
from core.time import district_today


def _add_attachment(actor, observation, uploaded_file) -> None:
    try:
        attachment_add(actor=actor, observation=observation, uploaded_file=uploaded_file)
    except ValidationError as error:
        raise ValidationError({"attachment": error.messages}) from None


def _observation_form_page(request, form, *, cycle, observation=None):
    return render(
        request,
        "coaching/observation_form.html",
        {"form": form, "cycle": cycle, "observation": observation},
        status=400 if form.errors else 200,
    )


@login_required
def observation_new(request):
    """One form, top to bottom on a phone: who, when, what kind, notes, evidence."""
    cycle = None
    if request.GET.get("cycle"):
        cycle = cycle_get_for_actor(actor=request.user, cycle_id=request.GET["cycle"])
        if cycle.coach_id != request.user.pk:
            raise PermissionDenied("Only the cycle's coach records its observations.")
        indicators = cycle_focus_indicators(cycle=cycle) or list(
            item_list_for_actor(actor=request.user, kind=ItemKind.INDICATOR)
        )
    elif leads_coaching(request.user):
        indicators = list(item_list_for_actor(actor=request.user, kind=ItemKind.INDICATOR))
    else:
        raise PermissionDenied("Coaches, principals and the central office record observations.")
    form = ObservationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        actor=request.user,
        cycle=cycle,
        indicators=indicators,
        levels=evidence_level_choices(indicators=indicators),
        initial={"observed_on": district_today(), "kind": ObservationKind.OBSERVATION},
    )

    @transaction.atomic  # the observation and its file are saved together, or not at all
    def record(data):
        observation = observation_record(
            actor=request.user,
            observed=cycle.coachee if cycle else data["observed"],
            observed_on=data["observed_on"],
            kind=data["kind"],
            notes=data["notes"],
            cycle=cycle,
            evidence=form.evidence(),
        )
        if data.get("attachment"):
            _add_attachment(request.user, observation, data["attachment"])
        return observation

    observation = submit(request, form, record)
    if observation:
        messages.success(request, "Observation saved.")
        return redirect("coaching:observation-detail", observation.pk)
    return _observation_form_page(request, form, cycle=cycle)


@login_required
def observation_edit(request, pk):
    """The observer corrects an observation, its evidence and its files until feedback
    has been given on it; afterwards the detail page says why it no longer changes."""
    observation = observation_get_for_actor(actor=request.user, observation_id=pk)
    refusal = observation_edit_refusal(actor=request.user, observation=observation)
    if refusal:
        if request.user.pk != observation.observer_id:
            raise PermissionDenied(refusal)
        messages.error(request, refusal)
        return redirect("coaching:observation-detail", observation.pk)
    evidence = observation_evidence(observation=observation)
    cycle = observation.cycle
    indicators = (cycle_focus_indicators(cycle=cycle) if cycle else []) or list(
        item_list_for_actor(actor=request.user, kind=ItemKind.INDICATOR)
    )
    shown = {i.pk for i in indicators}
    indicators += [e.indicator for e in evidence if e.indicator_id not in shown]
    initial = {"observed_on": observation.observed_on, "kind": observation.kind, "notes": observation.notes}
    for n, row in enumerate(evidence, start=1):
        initial |= {f"indicator_{n}": row.indicator_id, f"level_{n}": row.level_id, f"note_{n}": row.note}
    form = ObservationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        actor=request.user,
        cycle=cycle,
        observation=observation,
        indicators=indicators,
        levels=evidence_level_choices(indicators=indicators),
        rows=max(EVIDENCE_ROWS, len(evidence) + 1),
        initial=initial,
    )

    @transaction.atomic  # the changes, the removed files and the new one together, or none
    def save(data):
        changed = observation_update(
            actor=request.user,
            observation=observation,
            observed_on=data["observed_on"],
            kind=data["kind"],
            notes=data["notes"],
            evidence=form.evidence(),
        )
        for attachment in data.get("remove_attachments") or ():
            attachment_remove(actor=request.user, attachment=attachment)
        if data.get("attachment"):
            _add_attachment(request.user, changed, data["attachment"])
        return changed

    if submit(request, form, save):
        messages.success(request, "Observation updated.")
        return redirect("coaching:observation-detail", observation.pk)
    return _observation_form_page(request, form, cycle=cycle, observation=observation)


@login_required
def observation_detail(request, pk):
    observation = observation_get_for_actor(actor=request.user, observation_id=pk)
    is_observer = observation.observer_id == request.user.pk
    return render(
        request,
        "coaching/observation_detail.html",
        {
            "observation": observation,
            "evidence": observation_evidence(observation=observation),
            "attachments": observation_attachments(observation=observation),
            "is_observed": observation.observed_id == request.user.pk,
            "is_observer": is_observer,
            "edit_refusal": observation_edit_refusal(actor=request.user, observation=observation)
            if is_observer
            else None,
        },
    )


@login_required
def attachment_download(request, pk, attachment_id):
    observation = observation_get_for_actor(actor=request.user, observation_id=pk)

    attachment = attachment_get_for_observation(observation=observation, attachment_id=attachment_id)
    return file_download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
