"""Pages for coaching: the coach's workspace, a cycle with its timeline, the observation
form (quick on a phone, during a visit), and feedback with its acknowledgement.

Reads go through coaching.firewall (the coaching firewall) and writes through
coaching.cycles; a service's ValidationError is shown on the form, never as an error page.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from assessments.frameworks.selectors import item_list_for_actor
from assessments.models import ItemKind, Level
from assessments.templatetags.indicators import indicator_text
from coaching import calendar, firewall
from coaching import cycles as services
from coaching.calendar import coaching_event_list_for_actor
from coaching.cycles import ALLOWED_MOVES, NEXT_STATUS
from coaching.models import (
    Cadence,
    CoachingCycle,
    CycleNote,
    CycleStatus,
    EventKind,
    Feedback,
    Observation,
    ObservationKind,
)
from coaching.relations import leads_coaching
from coaching.workspace import coachable_people, cycle_progress, cycles_as_coachee, next_action, workspace_for
from core.api import get_or_404
from core.downloads import file_download
from core.forms import submit
from core.time import district_timezone, district_today

EVIDENCE_ROWS = 3
CYCLE_WEEKS = 6  # a typical cycle, offered as the default end


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _indicator_label(item):
    return indicator_text(item)


# --- Workspace ---------------------------------------------------------------------------


@login_required
def workspace(request):
    """Coaches see their coachees, open cycles and next actions; everyone sees the cycles
    they are coached in."""
    context = {"as_coachee": cycles_as_coachee(person=request.user), "leads": leads_coaching(request.user)}
    if context["leads"]:
        context.update(workspace_for(coach=request.user))
    return render(request, "coaching/workspace.html", context)


class CycleForm(forms.Form):
    coachee = forms.ModelChoiceField(queryset=None, empty_label="Choose a person")
    title = forms.CharField(max_length=200, help_text="e.g. Checking for understanding in math")
    starts_on = forms.DateField(widget=_date_input())
    ends_on = forms.DateField(widget=_date_input())
    cadence = forms.ChoiceField(choices=Cadence.choices, initial=Cadence.BIWEEKLY, label="Check-in cadence")
    focus_indicators = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="The indicators you will look for together. Hold Ctrl (or ⌘) to choose several.",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coachee"].queryset = coachable_people(coach=actor)
        self.fields["coachee"].label_from_instance = lambda p: p.full_name
        self.fields["focus_indicators"].queryset = item_list_for_actor(actor=actor, kind=ItemKind.INDICATOR)
        self.fields["focus_indicators"].label_from_instance = _indicator_label


@login_required
def cycle_new(request):
    if not leads_coaching(request.user):
        raise PermissionDenied("Coaches, principals and the central office lead coaching cycles.")
    today = district_today()
    form = CycleForm(
        request.POST if request.method == "POST" else None,
        actor=request.user,
        initial={"starts_on": today, "ends_on": today + datetime.timedelta(weeks=CYCLE_WEEKS)},
    )
    cycle = submit(
        request,
        form,
        lambda data: services.cycle_start(
            actor=request.user,
            coachee=data["coachee"],
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            cadence=data["cadence"],
            focus_indicator_ids=[i.pk for i in data["focus_indicators"]],
        ),
    )
    if cycle:
        messages.success(request, f"Cycle started with {cycle.coachee.full_name}.")
        return redirect("coaching:cycle-detail", cycle.pk)
    return render(request, "coaching/cycle_new.html", {"form": form})


# --- A cycle -----------------------------------------------------------------------------


class TransitionForm(forms.Form):
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What changed, and what comes next. Needed to close the cycle.",
    )
    invite_self_assessment = forms.BooleanField(
        required=False, label="Invite the coachee to reassess the focus competencies"
    )


class NoteForm(forms.Form):
    body = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(forms.Form):
    strengths = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    next_steps = forms.CharField(label="Next steps", widget=forms.Textarea(attrs={"rows": 3}))
    # The widget is declared here, not swapped in __init__: a widget set after the
    # queryset never receives the choices, and the field rendered as an empty box.
    indicators = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label="Tied to indicators", widget=forms.CheckboxSelectMultiple
    )
    observation = forms.ModelChoiceField(queryset=None, required=False, empty_label="Not tied to one visit")

    def __init__(self, *args, cycle, observations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = cycle.focus_indicators.all()
        self.fields["indicators"].label_from_instance = _indicator_label
        self.fields["observation"].queryset = Observation.objects.filter(pk__in=[o.pk for o in observations])
        self.fields["observation"].label_from_instance = lambda o: (
            f"{o.get_kind_display()} on {o.observed_on}"
        )


class AcknowledgeForm(forms.Form):
    reflection = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What you take from it, in your own words.",
    )


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        choices=EventKind.choices, initial=EventKind.OBSERVATION, label="Observation or meeting"
    )
    starts_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.TypedChoiceField(
        label="How long",
        coerce=int,
        choices=[
            (15, "15 minutes"),
            (30, "30 minutes"),
            (45, "45 minutes"),
            (60, "1 hour"),
            (90, "1½ hours"),
        ],
        initial=45,
    )
    note = forms.CharField(max_length=300, required=False, label="Where, or what to bring")


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
    timeline = firewall.cycle_timeline(actor=me, cycle=cycle)
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
        "sees_contents": firewall.sees_cycle_contents(actor=me, cycle=cycle),
        "moves": moves,
        "closing": CycleStatus.CLOSED in ALLOWED_MOVES.get(cycle.status, ()),
        "statuses": CycleStatus.choices,
        "shareable": ("observation", "feedback", "note"),
        "next_action": next_action(cycle) if is_party else None,
        "events": list(
            coaching_event_list_for_actor(actor=me).filter(cycle=cycle, starts_at__gte=timezone.now())
        )
        if is_party
        else [],
        "focus": list(cycle.focus_indicators.all()),
        "transition_form": forms_in_play.get("transition_form") or TransitionForm(),
        "note_form": forms_in_play.get("note_form") or NoteForm(),
        "feedback_form": forms_in_play.get("feedback_form")
        or FeedbackForm(cycle=cycle, observations=observations, initial=feedback_initial),
        "event_form": forms_in_play.get("event_form") or EventForm(),
        "acknowledge_form": AcknowledgeForm(),
    }
    return render(request, "coaching/cycle_detail.html", context, status=400 if forms_in_play else 200)


def _cycle(request, pk) -> CoachingCycle:
    return firewall.cycle_get_for_actor(actor=request.user, cycle_id=pk)


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
        lambda data: services.cycle_transition(
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
    cycle.refresh_from_db()
    return _cycle_page(request, cycle, transition_form=form)


@login_required
@require_POST
def cycle_note_add(request, pk):
    cycle = _cycle(request, pk)
    form = NoteForm(request.POST)
    if submit(request, form, lambda data: services.cycle_note_add(actor=request.user, cycle=cycle, **data)):
        messages.success(request, "Note added.")
        return redirect("coaching:cycle-detail", cycle.pk)
    return _cycle_page(request, cycle, note_form=form)


@login_required
@require_POST
def cycle_feedback_give(request, pk):
    cycle = _cycle(request, pk)
    observations = firewall.observation_list_for_actor(actor=request.user).filter(cycle=cycle)
    form = FeedbackForm(request.POST, cycle=cycle, observations=list(observations))
    given = submit(
        request,
        form,
        lambda data: services.feedback_give(
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
        lambda data: calendar.coaching_event_schedule(
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
    event = calendar.coaching_event_get_for_actor(actor=request.user, event_id=event_id)
    if event.cycle_id != cycle.pk:
        raise Http404("No such event in this cycle.")
    try:
        calendar.coaching_event_cancel(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Cancelled.")
    return redirect("coaching:cycle-detail", cycle.pk)


# --- Feedback ----------------------------------------------------------------------------


@login_required
def feedback_detail(request, pk):
    feedback = firewall.feedback_get_for_actor(actor=request.user, feedback_id=pk)
    form = AcknowledgeForm(request.POST if request.method == "POST" else None)
    done = submit(
        request,
        form,
        lambda data: services.feedback_acknowledge(
            actor=request.user, feedback=feedback, reflection=data["reflection"]
        ),
    )
    if done:
        messages.success(request, "Thank you: your coach sees that you read it.")
        if feedback.cycle_id:
            return redirect("coaching:cycle-detail", feedback.cycle_id)
        return redirect("coaching:feedback-detail", feedback.pk)
    return render(
        request,
        "coaching/feedback_detail.html",
        {"feedback": feedback, "form": form, "is_recipient": feedback.recipient_id == request.user.pk},
        status=400 if form.errors else 200,
    )


SHAREABLE = {"observation": Observation, "feedback": Feedback, "note": CycleNote}


@login_required
@require_POST
def share(request, kind, pk):
    """The coachee shows one record to their supervisor, or stops showing it."""
    if kind not in SHAREABLE:
        raise Http404
    if kind == "observation":
        record = firewall.observation_get_for_actor(actor=request.user, observation_id=pk)
    elif kind == "feedback":
        record = firewall.feedback_get_for_actor(actor=request.user, feedback_id=pk)
    else:
        note = get_or_404(CycleNote.objects.all(), pk)
        visible = firewall.cycle_note_list_for_actor(actor=request.user, cycle=_cycle(request, note.cycle_id))
        record = get_or_404(visible, pk)
    shared = request.POST.get("shared") == "true"
    try:
        services.share_with_supervisor(actor=request.user, record=record, shared=shared)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Shared with your supervisor." if shared else "No longer shared.")
    cycle_id = getattr(record, "cycle_id", None)
    return redirect("coaching:cycle-detail", cycle_id) if cycle_id else redirect("coaching:workspace")


# --- Observations ------------------------------------------------------------------------


class ObservationForm(forms.Form):
    observed = forms.ModelChoiceField(queryset=None, empty_label="Whom you observed", label="Person")
    observed_on = forms.DateField(label="Date", widget=_date_input())
    kind = forms.ChoiceField(choices=ObservationKind.choices, widget=forms.RadioSelect)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    attachment = forms.FileField(
        required=False, help_text="A photo of student work or a document (PDF, image, Word)."
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label="Remove files", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, actor, cycle, indicators, levels, rows=EVIDENCE_ROWS, observation=None, **kw):
        super().__init__(*args, **kw)
        if cycle is not None or observation is not None:
            del self.fields["observed"]
        else:
            self.fields["observed"].queryset = coachable_people(coach=actor)
            self.fields["observed"].label_from_instance = lambda p: p.full_name
        if observation is not None and observation.attachments.all():
            self.fields["remove_attachments"].queryset = observation.attachments.all()
            self.fields["remove_attachments"].label_from_instance = lambda a: a.original_name
        else:
            del self.fields["remove_attachments"]
        indicator_choices = [("", "—")] + [(i.pk, _indicator_label(i)) for i in indicators]
        several = len({lv.framework_id for lv in levels}) > 1
        level_choices = [("", "No level")] + [
            (lv.pk, f"{lv.framework.title}: {lv.name}" if several else lv.name) for lv in levels
        ]
        self.evidence_rows = []
        for n in range(1, rows + 1):
            self.fields[f"indicator_{n}"] = forms.TypedChoiceField(
                choices=indicator_choices,
                coerce=int,
                required=False,
                empty_value=None,
                label=f"Evidence {n}: indicator",
            )
            self.fields[f"level_{n}"] = forms.TypedChoiceField(
                choices=level_choices,
                coerce=int,
                required=False,
                empty_value=None,
                label=f"Evidence {n}: level",
            )
            self.fields[f"note_{n}"] = forms.CharField(required=False, label=f"Evidence {n}: what you saw")
            self.evidence_rows.append([self[f"indicator_{n}"], self[f"level_{n}"], self[f"note_{n}"]])

    def evidence(self):
        rows = []
        for n in range(1, len(self.evidence_rows) + 1):
            indicator = self.cleaned_data.get(f"indicator_{n}")
            if indicator:
                rows.append(
                    {
                        "indicator": indicator,
                        "level": self.cleaned_data.get(f"level_{n}"),
                        "note": self.cleaned_data.get(f"note_{n}", ""),
                    }
                )
        return rows


def _levels_for(indicators) -> list[Level]:
    return list(
        Level.objects.filter(framework__in={i.framework_id for i in indicators})
        .select_related("framework")
        .order_by("framework__title", "position")
    )


def _add_attachment(actor, observation, uploaded_file) -> None:
    try:
        services.attachment_add(actor=actor, observation=observation, uploaded_file=uploaded_file)
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
        cycle = _cycle(request, request.GET["cycle"])
        if cycle.coach_id != request.user.pk:
            raise PermissionDenied("Only the cycle's coach records its observations.")
        indicators = list(cycle.focus_indicators.all()) or list(
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
        levels=_levels_for(indicators),
        initial={"observed_on": district_today(), "kind": ObservationKind.OBSERVATION},
    )

    @transaction.atomic  # the observation and its file are saved together, or not at all
    def record(data):
        observation = services.observation_record(
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
    observation = firewall.observation_get_for_actor(actor=request.user, observation_id=pk)
    refusal = services.observation_edit_refusal(actor=request.user, observation=observation)
    if refusal:
        if request.user.pk != observation.observer_id:
            raise PermissionDenied(refusal)
        messages.error(request, refusal)
        return redirect("coaching:observation-detail", observation.pk)
    evidence = list(observation.evidence.all())
    cycle = observation.cycle
    indicators = (list(cycle.focus_indicators.all()) if cycle else []) or list(
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
        levels=_levels_for(indicators),
        rows=max(EVIDENCE_ROWS, len(evidence) + 1),
        initial=initial,
    )

    @transaction.atomic  # the changes, the removed files and the new one together, or none
    def save(data):
        changed = services.observation_update(
            actor=request.user,
            observation=observation,
            observed_on=data["observed_on"],
            kind=data["kind"],
            notes=data["notes"],
            evidence=form.evidence(),
        )
        for attachment in data.get("remove_attachments") or ():
            services.attachment_remove(actor=request.user, attachment=attachment)
        if data.get("attachment"):
            _add_attachment(request.user, changed, data["attachment"])
        return changed

    if submit(request, form, save):
        messages.success(request, "Observation updated.")
        return redirect("coaching:observation-detail", observation.pk)
    return _observation_form_page(request, form, cycle=cycle, observation=observation)


@login_required
def observation_detail(request, pk):
    observation = firewall.observation_get_for_actor(actor=request.user, observation_id=pk)
    is_observer = observation.observer_id == request.user.pk
    return render(
        request,
        "coaching/observation_detail.html",
        {
            "observation": observation,
            "evidence": list(observation.evidence.all()),
            "attachments": list(observation.attachments.all()),
            "is_observed": observation.observed_id == request.user.pk,
            "is_observer": is_observer,
            "edit_refusal": services.observation_edit_refusal(actor=request.user, observation=observation)
            if is_observer
            else None,
        },
    )


@login_required
def attachment_download(request, pk, attachment_id):
    observation = firewall.observation_get_for_actor(actor=request.user, observation_id=pk)
    attachment = get_or_404(observation.attachments.all(), attachment_id)
    return file_download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
