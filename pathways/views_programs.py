"""Pages for pathways: the list, a pathway's page (steps, prerequisites, group rules, your
progress, enrolling, marking activities done), my pathways with recommendations, the
curators' editor, and the leader pipeline. Each page costs a fixed number of queries."""

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessments.models import Item, ItemKind
from assessments.templatetags.indicators import indicator_text
from core.forms import add_service_errors
from core.permissions import can
from core.roles import Role
from pathways import programs as services
from pathways.api_programs import pathway_detail
from pathways.models import (
    CatalogStatus,
    Enrollment,
    EnrollmentStatus,
    MicroCredential,
    PathwayStep,
    StepKind,
)
from pathways.pipeline import leader_pipeline
from pathways.recommendations import recommendations_for

EXTRA_STEP_ROWS = 3
EXTRA_GROUP_ROWS = 1


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
def pathway_list(request):
    pathways = services.pathway_list_for_actor(actor=request.user).annotate(step_count=Count("steps"))
    leadership = request.GET.get("leadership") == "1"
    if leadership:
        pathways = pathways.filter(is_leadership=True)
    return render(
        request,
        "pathways/pathway_list.html",
        {
            "pathways": list(pathways),
            "leadership": leadership,
            "may_curate": can(request.user, "catalog.manage"),
            "may_see_pipeline": can(request.user, "pipeline.view"),
        },
    )


@login_required
def pathway_detail_page(request, pathway_id):
    pathway = services.pathway_get_for_actor(actor=request.user, pathway_id=pathway_id)
    data = pathway_detail(pathway, request.user)
    enrollment = data["enrollment"]
    states = {s["step"]: s for s in enrollment["steps"]} if enrollment else {}
    for step in data["steps"]:
        step["state"] = states.get(step["id"])
    return render(
        request,
        "pathways/pathway_detail.html",
        {
            "pathway": pathway,
            "data": data,
            "enrollment": enrollment,
            "active": bool(enrollment and enrollment["status"] == EnrollmentStatus.ACTIVE),
            "may_enroll": pathway.status == CatalogStatus.PUBLISHED
            and not (enrollment and enrollment["status"] in services.LIVE_STATUSES),
            "may_curate": can(request.user, "catalog.manage"),
        },
    )


@login_required
@require_POST
def pathway_enroll(request, pathway_id):
    pathway = services.pathway_get_for_actor(actor=request.user, pathway_id=pathway_id)
    try:
        services.enrollment_create(actor=request.user, pathway=pathway, person=request.user)
        messages.success(request, f"You are enrolled in {pathway.title}.")
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    return redirect("pathways:pathway-detail", pathway.pk)


@login_required
@require_POST
def activity_done(request, enrollment_id, step_id):
    enrollment = services.enrollment_get_for_actor(actor=request.user, enrollment_id=enrollment_id)
    step = PathwayStep.objects.filter(pathway_id=enrollment.pathway_id, pk=step_id).first()
    try:
        if step is None:
            raise ValidationError({"step": "No such step on this pathway."})
        services.activity_complete(
            actor=request.user, enrollment=enrollment, step=step, note=request.POST.get("note", "")[:2000]
        )
        messages.success(request, f"Marked “{step.title}” done.")
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    return redirect("pathways:pathway-detail", enrollment.pathway_id)


@login_required
@require_POST
def enrollment_withdraw(request, enrollment_id):
    enrollment = services.enrollment_get_for_actor(actor=request.user, enrollment_id=enrollment_id)
    try:
        services.enrollment_withdraw(actor=request.user, enrollment=enrollment)
        messages.success(request, "Withdrawn from the pathway.")
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    return redirect("pathways:my-pathways")


@login_required
def my_pathways(request):
    enrollments = list(
        Enrollment.objects.filter(person_id=request.user.pk, status__in=services.LIVE_STATUSES)
        .select_related("pathway")
        .order_by("status", "-enrolled_at", "-id")
    )
    progress = services.progress_for(enrollments)
    rows = [{"enrollment": e, "progress": progress[e.pk]} for e in enrollments]
    return render(
        request,
        "pathways/pathway_mine.html",
        {
            "active": [r for r in rows if r["enrollment"].status == EnrollmentStatus.ACTIVE],
            "completed": [r for r in rows if r["enrollment"].status == EnrollmentStatus.COMPLETED],
            "recommendations": recommendations_for(request.user, limit=10),
        },
    )


@login_required
def pipeline_page(request):
    if not can(request.user, "pipeline.view"):
        raise PermissionDenied("The leader pipeline is for the central office.")
    return render(request, "pathways/pipeline.html", {"rows": leader_pipeline()})


# --- The curators' editor --------------------------------------------------------------


class PathwayForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    serves = forms.CharField(label="Serves", max_length=200, required=False, help_text="e.g. Teacher leader.")
    roles = forms.MultipleChoiceField(
        label="Meant for", choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: everyone.",
    )  # fmt: skip
    competency = forms.ModelChoiceField(
        label="Competency", queryset=Item.objects.none(), required=False, help_text="When it serves one."
    )
    is_leadership = forms.BooleanField(label="Part of the leader pipeline", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Item.objects.filter(kind=ItemKind.COMPETENCY, is_retired=False)
        self.fields["competency"].label_from_instance = indicator_text


def _positions(value: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", value or "")]


class StepForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("", "—"), *StepKind.choices], required=False)
    micro_credential = forms.ModelChoiceField(
        label="Micro-credential", queryset=MicroCredential.objects.none(), required=False
    )
    title = forms.CharField(label="Activity title", max_length=200, required=False)
    url = forms.CharField(label="Activity link", max_length=1000, required=False)
    hours = forms.DecimalField(label="Hours", max_digits=5, decimal_places=1, min_value=0, required=False)
    group = forms.IntegerField(label="Group number", min_value=1, required=False)
    prerequisites = forms.CharField(
        label="Prerequisites", max_length=200, required=False, help_text="Step numbers, e.g. 1, 2."
    )

    def __init__(self, *args, micro_credentials=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["micro_credential"].queryset = micro_credentials
        self.fields["micro_credential"].label_from_instance = lambda mc: f"{mc.title} (v{mc.version})"


class GroupForm(forms.Form):
    title = forms.CharField(label="Group title", max_length=200, required=False)
    required_count = forms.IntegerField(label="How many of its steps suffice", min_value=0, required=False)


StepFormSet = forms.formset_factory(StepForm, extra=EXTRA_STEP_ROWS)
GroupFormSet = forms.formset_factory(GroupForm, extra=EXTRA_GROUP_ROWS)


def _editor(request, pathway=None):
    if not can(request.user, "catalog.manage"):
        raise PermissionDenied("Only district administrators curate pathways.")
    published = MicroCredential.objects.filter(status=CatalogStatus.PUBLISHED).order_by("title", "id")
    initial, step_initial, group_initial = {}, [], []
    if pathway is not None:
        initial = {
            "title": pathway.title,
            "description": pathway.description,
            "serves": pathway.serves,
            "roles": pathway.roles,
            "competency": pathway.competency_id,
            "is_leadership": pathway.is_leadership,
        }
        current = services._current_plan(pathway)
        step_initial = [
            {**s, "prerequisites": ", ".join(str(n) for n in s["prerequisites"])} for s in current
        ]
        group_initial = [
            {"title": g.title, "required_count": g.required_count} for g in pathway.groups.order_by("id")
        ]
    form = PathwayForm(_posted(request), initial=initial)
    steps = StepFormSet(
        _posted(request), initial=step_initial, prefix="steps", form_kwargs={"micro_credentials": published}
    )
    groups = GroupFormSet(_posted(request), initial=group_initial, prefix="groups")
    if request.method == "POST" and form.is_valid() and steps.is_valid() and groups.is_valid():
        step_specs = [
            {
                "id": f.cleaned_data.get("id"),
                "kind": f.cleaned_data["kind"],
                "micro_credential": f.cleaned_data["micro_credential"].pk
                if f.cleaned_data.get("micro_credential")
                else None,
                "title": f.cleaned_data.get("title") or "",
                "url": f.cleaned_data.get("url") or "",
                "hours": f.cleaned_data.get("hours") or 0,
                "group": f.cleaned_data.get("group"),
                "prerequisites": _positions(f.cleaned_data.get("prerequisites")),
            }
            for f in steps.forms
            if f.cleaned_data.get("kind")
        ]
        group_specs = [
            {"title": g.cleaned_data["title"], "required_count": g.cleaned_data.get("required_count")}
            for g in groups.forms
            if g.cleaned_data.get("title")
        ]
        fields = dict(form.cleaned_data)
        try:
            if pathway is None:
                pathway = services.pathway_create(
                    actor=request.user, steps=step_specs, groups=group_specs, **fields
                )
                messages.success(request, "Pathway saved as a draft.")
            else:
                services.pathway_update(
                    actor=request.user, pathway=pathway, steps=step_specs, groups=group_specs, **fields
                )
                messages.success(request, "Pathway saved.")
            return redirect("pathways:pathway-detail", pathway.pk)
        except ValidationError as error:
            _show_errors(
                error, form, steps, groups, step_forms=[f for f in steps.forms if f.cleaned_data.get("kind")]
            )
    return render(
        request,
        "pathways/pathway_form.html",
        {"form": form, "steps": steps, "groups": groups, "pathway": pathway},
    )


def _show_errors(error, form, steps, groups, *, step_forms) -> None:
    """Put `steps[2].url`-style errors next to the field of that row."""
    for key, messages_ in error.message_dict.items():
        match = re.fullmatch(r"(steps|groups)\[(\d+)\]\.(\w+)", key)
        if match:
            rows = step_forms if match[1] == "steps" else groups.forms
            row = rows[int(match[2])] if int(match[2]) < len(rows) else None
            if row is not None:
                for message in messages_:
                    row.add_error(match[3] if match[3] in row.fields else None, message)
                continue
        add_service_errors(form, ValidationError({key if key in form.fields else "__all__": messages_}))


@login_required
def pathway_new(request):
    return _editor(request)


@login_required
def pathway_edit(request, pathway_id):
    return _editor(request, services.pathway_get_for_actor(actor=request.user, pathway_id=pathway_id))


@login_required
@require_POST
def pathway_status(request, pathway_id, to):
    pathway = services.pathway_get_for_actor(actor=request.user, pathway_id=pathway_id)
    change = {"publish": services.pathway_publish, "retire": services.pathway_retire}[to]
    try:
        change(actor=request.user, pathway=pathway)
        messages.success(request, "Pathway published." if to == "publish" else "Pathway retired.")
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    return redirect("pathways:pathway-detail", pathway.pk)
