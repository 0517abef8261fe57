"""Forms of the coaching pages: a new cycle, a stage move, a note, feedback and its
acknowledgement, a planned event, and the observation form (quick on a phone, during a
visit)."""

from django import forms

from assessments.frameworks.selectors import item_list_for_actor
from assessments.models import ItemKind
from assessments.templatetags.indicators import indicator_text
from coaching.cycles.selectors.workspace import coachable_people
from coaching.models import Cadence, EventKind, Observation, ObservationKind

EVIDENCE_ROWS = 3


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _indicator_label(item):
    return indicator_text(item)


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
