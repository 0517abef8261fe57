"""Pages for the catalog: browsing with filters, a micro-credential's page with its scoring
guide and the person's standing, and (for district administrators) writing drafts,
publishing, retiring and making new versions. Each page costs a fixed number of queries."""

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessments.models import Item, ItemKind, Theme
from assessments.templatetags.indicators import indicator_text
from core.forms import add_service_errors
from core.permissions import can
from core.roles import Role
from pathways import catalog as services
from pathways.models import CatalogStatus, MicroCredential, Requirement, RequirementKind

PAGE_SIZE = 24
EXTRA_REQUIREMENT_ROWS = 2
ANY = [("", "Any")]


def _posted(request):
    return request.POST if request.method == "POST" else None


def _item_label(item) -> str:
    return indicator_text(item)


# --- Browsing --------------------------------------------------------------------------


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


def _filter_choices(visible):
    """What the filters offer: the competencies that have something in the catalog, the
    top-level domains and themes of their frameworks (three queries)."""
    competency_ids = visible.values("competency_id")
    competencies = list(
        Item.objects.filter(pk__in=competency_ids).order_by("framework_id", "depth", "sequence", "id")
    )
    frameworks = {c.framework_id for c in competencies}
    domains = list(
        Item.objects.filter(framework_id__in=frameworks, parent__isnull=True, is_retired=False)
        .exclude(kind=ItemKind.INDICATOR)
        .order_by("framework_id", "sequence", "id")
    )
    themes = list(
        Theme.objects.filter(framework_id__in=frameworks)
        .select_related("framework")
        .order_by("framework_id", "position", "id")
    )
    return competencies, domains, themes


@login_required
def catalog(request):
    me = request.user
    manages = can(me, "catalog.manage")
    visible = services.micro_credential_list_for_actor(actor=me)
    competencies, domains, themes = _filter_choices(visible)
    form = CatalogFilterForm(
        request.GET or None, competencies=competencies, domains=domains, themes=themes, manages=manages
    )
    filters = form.filters() if request.GET else {}
    rows = services.for_display(services.micro_credential_filter(visible, **filters)).order_by(
        "title", "-version", "id"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    services.attach_domains(items)
    standings = services.standing_for_actor(actor=me, lineages=[mc.lineage for mc in items])
    cards = [{"mc": mc, "standing": standings.get(str(mc.lineage), services.NOT_STARTED)} for mc in items]
    return render(
        request,
        "pathways/catalog.html",
        {"form": form, "page": page, "cards": cards, "manages": manages, "filtered": bool(filters)},
        status=400 if form.errors else 200,
    )


# --- A micro-credential's page ---------------------------------------------------------


def _for_page(request, micro_credential_id) -> MicroCredential:
    found = services.micro_credential_get_for_actor(
        actor=request.user, micro_credential_id=micro_credential_id
    )
    mc = (
        services.for_display(MicroCredential.objects.filter(pk=found.pk))
        .prefetch_related(Prefetch("requirements", queryset=Requirement.objects.order_by("position")))
        .get()
    )
    services.attach_domains([mc])
    return mc


NEXT_STEP = {
    "in_progress": "Continue your submission",
    "submitted": "See your submission",
    "in_review": "See your submission",
    "not_yet": "Read the feedback and try again",
    "earned": "See your submission",
}


@login_required
def micro_credential_detail(request, micro_credential_id):
    me = request.user
    mc = _for_page(request, micro_credential_id)
    standing = services.standing_for_actor(actor=me, lineages=[mc.lineage]).get(
        str(mc.lineage), services.NOT_STARTED
    )
    return render(
        request,
        "pathways/micro_credential_detail.html",
        {
            "mc": mc,
            "standing": standing,
            "next_step": NEXT_STEP.get(standing.state),
            "may_start": standing.state == "not_started" and mc.status == CatalogStatus.PUBLISHED,
            "manages": can(me, "catalog.manage"),
            "requirements": list(mc.requirements.all()),
            "themes": list(mc.competency.themes.all()),
            "roles": [Role(role).label for role in mc.roles if role in Role.values],
        },
    )


# --- Writing drafts (district administrators) -------------------------------------------


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


RequirementFormSet = forms.formset_factory(RequirementForm, extra=EXTRA_REQUIREMENT_ROWS, can_delete=True)


def _competency_choices():
    return (
        Item.objects.filter(kind=ItemKind.COMPETENCY, is_retired=False)
        .select_related("framework")
        .order_by("framework__title", "framework_id", "depth", "sequence", "id")
    )


def _require_manage(request):
    if not can(request.user, "catalog.manage"):
        raise PermissionDenied("Only district administrators curate the catalog.")


def _save(request, form, rows, save):
    """Validate both forms and call `save(data, requirements)`; service errors land next to
    their fields (`requirements[1].word_limit` on the second filled row)."""
    if request.method != "POST" or not (form.is_valid() & rows.is_valid()):
        return None
    filled = [row for row in rows.forms if not row.is_blank() and not row.cleaned_data.get("DELETE")]
    requirements = [
        {
            "title": row.cleaned_data["title"],
            "prompt": row.cleaned_data["prompt"],
            "kind": row.cleaned_data["kind"],
            "word_limit": row.cleaned_data["word_limit"] if row.cleaned_data["kind"] == "text" else None,
            "passing_criteria": row.cleaned_data["passing_criteria"],
        }
        for row in filled
    ]
    try:
        return save(form.service_data(), requirements)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            add_service_errors(form, error)
            return None
        rest = {}
        for key, texts in error.message_dict.items():
            found = re.fullmatch(r"requirements\[(\d+)\]\.(\w+)", key)
            place = re.fullmatch(r"(resources|method_components)\[(\d+)\].*", key)
            if found:
                for text in texts:
                    filled[int(found[1])].add_error(found[2], text)
            elif place:
                rest.setdefault(place[1], []).extend(f"Line {int(place[2]) + 1}: {t}" for t in texts)
            else:
                rest[key] = texts
        if rest:
            add_service_errors(form, ValidationError(rest))
        return None


def _render_form(request, form, rows, *, mc=None, status=200):
    return render(
        request,
        "pathways/micro_credential_form.html",
        {
            "form": form,
            "rows": rows,
            "mc": mc,
            "title": f"Edit the draft: {mc.title} (version {mc.version})" if mc else "New micro-credential",
        },
        status=status,
    )


@login_required
def micro_credential_new(request):
    _require_manage(request)
    form = MicroCredentialForm(_posted(request), competencies=_competency_choices())
    rows = RequirementFormSet(_posted(request), prefix="requirements")
    mc = _save(
        request,
        form,
        rows,
        lambda data, requirements: services.micro_credential_create(
            actor=request.user, requirements=requirements, **data
        ),
    )
    if mc:
        messages.success(request, "Saved as a draft. Publish it when its requirements are ready.")
        return redirect("pathways:micro-credential-detail", micro_credential_id=mc.pk)
    return _render_form(request, form, rows, status=400 if request.method == "POST" else 200)


@login_required
def micro_credential_edit(request, micro_credential_id):
    _require_manage(request)
    mc = services.micro_credential_get_for_actor(actor=request.user, micro_credential_id=micro_credential_id)
    if mc.status != CatalogStatus.DRAFT:
        messages.error(request, "Only a draft can be edited: make a new version to change this one.")
        return redirect("pathways:micro-credential-detail", micro_credential_id=mc.pk)
    initial_rows = [
        {f: getattr(r, f) for f in services.REQUIREMENT_FIELDS} for r in mc.requirements.order_by("position")
    ]
    form = MicroCredentialForm(
        _posted(request), competencies=_competency_choices(), initial=MicroCredentialForm.initial_for(mc)
    )
    rows = RequirementFormSet(_posted(request), prefix="requirements", initial=initial_rows)
    saved = _save(
        request,
        form,
        rows,
        lambda data, requirements: services.micro_credential_update(
            actor=request.user, micro_credential=mc, requirements=requirements, **data
        ),
    )
    if saved:
        messages.success(request, "Draft saved.")
        return redirect("pathways:micro-credential-detail", micro_credential_id=mc.pk)
    return _render_form(request, form, rows, mc=mc, status=400 if request.method == "POST" else 200)


def _transition(request, micro_credential_id, service, done: str):
    _require_manage(request)
    mc = services.micro_credential_get_for_actor(actor=request.user, micro_credential_id=micro_credential_id)
    try:
        result = service(actor=request.user, micro_credential=mc)
    except ValidationError as error:
        texts = (
            [t for group in error.message_dict.values() for t in group]
            if hasattr(error, "error_dict")
            else []
        )
        for text in texts or error.messages:
            messages.error(request, text)
        return redirect("pathways:micro-credential-detail", micro_credential_id=mc.pk)
    messages.success(request, done.format(version=result.version))
    return redirect("pathways:micro-credential-detail", micro_credential_id=result.pk)


@login_required
@require_POST
def micro_credential_publish(request, micro_credential_id):
    return _transition(
        request, micro_credential_id, services.micro_credential_publish, "Version {version} is published."
    )


@login_required
@require_POST
def micro_credential_retire(request, micro_credential_id):
    return _transition(
        request, micro_credential_id, services.micro_credential_retire, "Version {version} is retired."
    )


@login_required
@require_POST
def micro_credential_new_version(request, micro_credential_id):
    return _transition(
        request,
        micro_credential_id,
        services.micro_credential_new_version,
        "Version {version} is a draft copy: edit it, then publish it.",
    )
