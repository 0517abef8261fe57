"""Pages: the vision and roadmap (everyone with a role) and its editor (district administrators).

The editor is one page of small forms, each posting to its own URL; a refused form comes
back on the whole editor (400) with its errors next to its fields, the others as they were.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.forms import submit
from core.permissions import page_requires
from core.time import district_today
from schools.models import ImplementationStage
from schools.roadmap import selectors, services
from schools.roadmap.forms import MilestoneForm, PhaseForm, SchoolStageForm, VisionForm
from schools.roadmap.rules import MANAGE, READ, READ_REFUSAL, may_manage_roadmap
from schools.views import requires


@page_requires(READ, READ_REFUSAL)
def roadmap_page(request):
    return render(
        request,
        "schools/roadmap.html",
        {
            "roadmap": selectors.roadmap_overview(actor=request.user),
            "can_manage": may_manage_roadmap(actor=request.user),
        },
    )


# --- The editor --------------------------------------------------------------------------


def _editor(request, *, bound: dict | None = None):
    """The editor with every form; `bound` holds a refused form by its prefix, shown instead."""
    bound = bound or {}
    overview = selectors.roadmap_overview(actor=request.user)

    def form(cls, prefix, initial=None, **kwargs):
        return bound.get(prefix) or cls(prefix=prefix, initial=initial, **kwargs)

    phases = []
    for phase in overview["phases"]:
        stage = phase["stage"]
        phases.append(
            {
                **phase,
                "form": form(PhaseForm, f"phase-{stage}", phase if phase["id"] else {}),
                "add_form": form(MilestoneForm, f"add-{phase['id']}") if phase["id"] else None,
                "milestones": [
                    {**m, "form": form(MilestoneForm, f"milestone-{m['id']}", m)} for m in phase["milestones"]
                ],
            }
        )
    schools = [
        {
            **school,
            "form": form(SchoolStageForm, f"school-{school['id']}", school, school_name=school["name"]),
        }
        for school in selectors.roadmap_school_list_for_actor(actor=request.user)
    ]
    context = {
        "vision": overview["vision"],
        "vision_form": form(VisionForm, "vision", overview["vision"]),
        "phases": phases,
        "schools": schools,
        "today": overview["today"],
    }
    return render(request, "schools/roadmap_edit.html", context, status=400 if bound else 200)


def _back(anchor: str):
    return redirect(f"{reverse('schools:roadmap-edit')}#{anchor}")


@requires(MANAGE)
def roadmap_edit(request):
    return _editor(request)


@requires(MANAGE)
@require_POST
def vision_save(request):
    form = VisionForm(request.POST, prefix="vision")
    if submit(
        request, form, lambda data: services.vision_update(actor=request.user, statement=data["statement"])
    ):
        messages.success(request, "Saved the vision.")
        return _back("vision")
    return _editor(request, bound={"vision": form})


@requires(MANAGE)
@require_POST
def phase_save(request, stage):
    if stage not in ImplementationStage.values:
        raise Http404("No such stage.")
    phase = selectors.roadmap_phase_for_stage(actor=request.user, stage=stage)
    form = PhaseForm(request.POST, prefix=f"phase-{stage}")

    def save(data):
        if phase is None:
            return services.roadmap_phase_create(actor=request.user, stage=stage, **data)
        return services.roadmap_phase_update(actor=request.user, phase=phase, **data)

    saved = submit(request, form, save)
    if saved:
        messages.success(request, f"Saved the phase “{saved.title}”.")
        return _back(f"phase-{stage}")
    return _editor(request, bound={f"phase-{stage}": form})


@requires(MANAGE)
@require_POST
def phase_delete(request, phase_id):
    phase = selectors.roadmap_phase_get_for_actor(actor=request.user, phase_id=phase_id)
    services.roadmap_phase_delete(actor=request.user, phase=phase)
    messages.success(request, f"Removed the phase “{phase.title}” and its milestones.")
    return _back(f"phase-{phase.stage}")


@requires(MANAGE)
@require_POST
def milestone_add(request, phase_id):
    phase = selectors.roadmap_phase_get_for_actor(actor=request.user, phase_id=phase_id)
    form = MilestoneForm(request.POST, prefix=f"add-{phase.pk}")
    added = submit(
        request, form, lambda data: services.roadmap_milestone_create(actor=request.user, phase=phase, **data)
    )
    if added:
        messages.success(request, f"Added the milestone “{added.title}”.")
        return _back(f"phase-{phase.stage}")
    return _editor(request, bound={f"add-{phase.pk}": form})


@requires(MANAGE)
@require_POST
def milestone_save(request, milestone_id):
    milestone = selectors.roadmap_milestone_get_for_actor(actor=request.user, milestone_id=milestone_id)
    form = MilestoneForm(request.POST, prefix=f"milestone-{milestone.pk}")
    saved = submit(
        request,
        form,
        lambda data: services.roadmap_milestone_update(actor=request.user, milestone=milestone, **data),
    )
    if saved:
        messages.success(request, f"Saved the milestone “{saved.title}”.")
        return _back(f"milestone-{milestone.pk}")
    return _editor(request, bound={f"milestone-{milestone.pk}": form})


@requires(MANAGE)
@require_POST
def milestone_done(request, milestone_id):
    """Mark done today (`done=1`), or reopen (`done=0`)."""
    milestone = selectors.roadmap_milestone_get_for_actor(actor=request.user, milestone_id=milestone_id)
    done = request.POST.get("done") == "1"
    try:
        services.roadmap_milestone_update(
            actor=request.user, milestone=milestone, done_on=district_today() if done else None
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Marked “{milestone.title}” done." if done else f"Reopened “{milestone.title}”."
        )
    return _back(f"milestone-{milestone.pk}")


@requires(MANAGE)
@require_POST
def milestone_delete(request, milestone_id):
    milestone = selectors.roadmap_milestone_get_for_actor(actor=request.user, milestone_id=milestone_id)
    services.roadmap_milestone_delete(actor=request.user, milestone=milestone)
    messages.success(request, f"Removed the milestone “{milestone.title}”.")
    return _back(f"phase-{milestone.phase.stage}")


@requires(MANAGE)
@require_POST
def school_stage(request, school_id):
    school = selectors.roadmap_school_get_for_actor(actor=request.user, school_id=school_id)
    form = SchoolStageForm(request.POST, prefix=f"school-{school.pk}", school_name=school.name)
    saved = submit(
        request,
        form,
        lambda data: services.school_stage_set(actor=request.user, school=school, stage=data["stage"]),
    )
    if saved:
        messages.success(request, f"{saved.name} is now at “{saved.get_stage_display()}”.")
        return _back("schools")
    return _editor(request, bound={f"school-{school.pk}": form})
