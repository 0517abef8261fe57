"""Pages for pathways: the list, a pathway's page (steps, prerequisites, group rules, your
progress, enrolling, marking activities done), my pathways with recommendations, the
curators' editor, and the leader pipeline. Each page costs a fixed number of queries."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.permissions import page_requires
from pathways.catalog.rules import may_curate
from pathways.models import CatalogStatus, EnrollmentStatus
from pathways.programs import selectors, services
from pathways.programs.forms import GroupFormSet, PathwayForm, StepFormSet, positions
from pathways.programs.pipeline import REFUSAL as PIPELINE_REFUSAL
from pathways.programs.pipeline import leader_pipeline
from pathways.programs.recommendations import recommendations_for
from pathways.programs.rules import LIVE_STATUSES, may_see_pipeline


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
def pathway_list(request):
    leadership = request.GET.get("leadership") == "1"
    pathways = selectors.pathway_rows_for_actor(actor=request.user, leadership_only=leadership)
    return render(
        request,
        "pathways/pathway_list.html",
        {
            "pathways": list(pathways),
            "leadership": leadership,
            "may_curate": may_curate(actor=request.user),
            "may_see_pipeline": may_see_pipeline(actor=request.user),
        },
    )


@login_required
def pathway_detail_page(request, pathway_id):
    pathway = selectors.pathway_get_for_actor(actor=request.user, pathway_id=pathway_id)
    data = selectors.pathway_detail_for_actor(actor=request.user, pathway=pathway)
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
            and not (enrollment and enrollment["status"] in LIVE_STATUSES),
            "may_curate": may_curate(actor=request.user),
        },
    )


@login_required
@require_POST
def pathway_enroll(request, pathway_id):
    pathway = selectors.pathway_get_for_actor(actor=request.user, pathway_id=pathway_id)
    try:
        services.enrollment_create(actor=request.user, pathway=pathway, person=request.user)
        messages.success(request, f"You are enrolled in {pathway.title}.")
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    return redirect("pathways:pathway-detail", pathway.pk)


@login_required
@require_POST
def activity_done(request, enrollment_id, step_id):
    enrollment = selectors.enrollment_get_for_actor(actor=request.user, enrollment_id=enrollment_id)
    try:
        try:
            step = selectors.step_get_for_enrollment(
                actor=request.user, enrollment=enrollment, step_id=step_id
            )
        except Http404:
            raise ValidationError({"step": "No such step on this pathway."}) from None
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
    enrollment = selectors.enrollment_get_for_actor(actor=request.user, enrollment_id=enrollment_id)
    try:
        services.enrollment_withdraw(actor=request.user, enrollment=enrollment)
        messages.success(request, "Withdrawn from the pathway.")
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    return redirect("pathways:my-pathways")


@login_required
def my_pathways(request):
    rows = selectors.enrollment_live_own(actor=request.user)
    return render(
        request,
        "pathways/pathway_mine.html",
        {
            "active": [r for r in rows if r["enrollment"].status == EnrollmentStatus.ACTIVE],
            "completed": [r for r in rows if r["enrollment"].status == EnrollmentStatus.COMPLETED],
            "recommendations": recommendations_for(request.user, limit=10),
        },
    )


@page_requires("pipeline.view", PIPELINE_REFUSAL)
def pipeline_page(request):
    return render(request, "pathways/pipeline.html", {"rows": leader_pipeline(actor=request.user)})


# --- The curators' editor --------------------------------------------------------------


def _editor(request, pathway=None):
    """The editor of a new pathway or of `pathway` (one `pathway_get_to_curate` returned)."""
    me = request.user
    published = selectors.pathway_step_choices(actor=me)
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
        step_initial, group_initial = selectors.pathway_editor_rows(actor=me, pathway=pathway)
    form = PathwayForm(
        _posted(request), initial=initial, competencies=selectors.pathway_competency_choices(actor=me)
    )
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
                "prerequisites": positions(f.cleaned_data.get("prerequisites")),
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


@page_requires("catalog.manage", selectors.CURATORS_ONLY)
def pathway_new(request):
    return _editor(request)


@login_required
def pathway_edit(request, pathway_id):
    return _editor(request, selectors.pathway_get_to_curate(actor=request.user, pathway_id=pathway_id))


@login_required
@require_POST
def pathway_status(request, pathway_id, to):
    pathway = selectors.pathway_get_for_actor(actor=request.user, pathway_id=pathway_id)
    change = {"publish": services.pathway_publish, "retire": services.pathway_retire}[to]
    try:
        change(actor=request.user, pathway=pathway)
        messages.success(request, "Pathway published." if to == "publish" else "Pathway retired.")
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    return redirect("pathways:pathway-detail", pathway.pk)
