"""Forms of the catalog's pages: the filters, and the draft editor with its requirement rows."""

from django import forms
from django.core.exceptions import ValidationError

from assessments.templatetags.indicators import indicator_text
from core.roles import Role
from pathways.catalog.services import REQUIREMENT_FIELDS
from pathways.models import CatalogStatus, MicroCredential, RequirementKind

EXTRA_REQUIREMENT_ROWS = 2
ANY = [("", "Any")]


def _item_label(item) -> str:
    return indicator_text(item)


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    competency = forms.TypedChoiceField(label="Competency", required=False, coerce=int, empty_value=None)
    domain = forms.TypedChoiceField(label="Domain", required=False, coerce=int, empty_value=None)
    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    role = forms.ChoiceField(label="Role", required=False, choices=ANY + list(Role.choices))
    status = forms.ChoiceField(label="Status", required=False, choices=ANY + list(CatalogStatus.choices))

    def __init__(self, *args, competencies, domains, themes, manages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = ANY + [(c.pk, _item_label(c)) for c in competencies]
        self.fields["domain"].choices = ANY + [(d.pk, _item_label(d)) for d in domains]
        self.fields["theme"].choices = ANY + [(t.pk, f"{t.title} ({t.framework.title})") for t in themes]
        if not manages:
            del self.fields["status"]

    def filters(self) -> dict:
        """The valid filters only: a bad value is shown as an error and not applied."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: value for key, value in data.items() if value not in (None, "")}


class MicroCredentialForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    competency = forms.TypedChoiceField(
        label="Competency it certifies", coerce=int, help_text="One live competency of a district framework."
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences for the catalog.",
    )
    key_method = forms.CharField(
        label="Key method",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The practice the educator shows.",
    )
    method_components = forms.CharField(
        label="Method components",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The parts of the key method, one a line, in order.",
    )
    rationale = forms.CharField(
        label="Why it matters",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Research and rationale.",
    )
    resources = forms.CharField(
        label="Resources",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One link a line: a title, a vertical bar, then the address (Guide | https://…).",
    )
    roles = forms.MultipleChoiceField(
        label="Meant for",
        required=False,
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for everyone.",
    )
    hours = forms.DecimalField(
        label="Professional-learning hours", min_value=0, max_value=500, decimal_places=1, initial=0
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", "Choose a competency")] + [
            (c.pk, f"{_item_label(c)} ({c.framework.title})") for c in competencies
        ]

    def clean_resources(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["resources"].splitlines(), start=1):
            if not line.strip():
                continue
            title, bar, url = line.rpartition("|")
            if not bar:
                raise ValidationError(f"Line {number}: write a title, a vertical bar (|), then the address.")
            rows.append({"title": title.strip(), "url": url.strip()})
        return rows

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["method_components"] = [
            line.strip() for line in data["method_components"].splitlines() if line.strip()
        ]
        return data

    @staticmethod
    def initial_for(mc: MicroCredential) -> dict:
        return {
            "title": mc.title,
            "competency": mc.competency_id,
            "summary": mc.summary,
            "key_method": mc.key_method,
            "method_components": "\n".join(mc.method_components),
            "rationale": mc.rationale,
            "resources": "\n".join(f"{r['title']} | {r['url']}" for r in mc.resources),
            "roles": mc.roles,
            "hours": mc.hours,
        }


class RequirementForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, required=False)
    prompt = forms.CharField(
        label="Prompt", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(
        label="Answer with", choices=RequirementKind.choices, initial=RequirementKind.TEXT
    )
    word_limit = forms.IntegerField(
        label="Word limit", required=False, min_value=1, max_value=5000, help_text="Written responses only."
    )
    passing_criteria = forms.CharField(
        label="What passes (scoring guide)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any((data.get(f) or "").strip() for f in ("title", "prompt", "passing_criteria"))

    @staticmethod
    def initial_for(requirements) -> list[dict]:
        return [{f: getattr(r, f) for f in REQUIREMENT_FIELDS} for r in requirements]


RequirementFormSet = forms.formset_factory(RequirementForm, extra=EXTRA_REQUIREMENT_ROWS, can_delete=True)
