"""Pages for goals: my goals, the SMART goal form, the goal page with its progress chart,
and a principal's school goals page. Each page costs a fixed number of queries."""

import datetime
import re
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coaching.goals import rules, selectors, services
from coaching.goals.forms import (
    CloseForm,
    GoalForm,
    MilestoneAddForm,
    MilestoneFormSet,
    ProgressForm,
    ReturnForm,
)
from coaching.goals.health import expected_value, goal_chart_data
from coaching.models import Goal, GoalKind, GoalStatus
from core.forms import add_service_errors
from core.time import district_today
from schools.selectors import school_get_for_actor

OPEN = (GoalStatus.DRAFT, GoalStatus.AWAITING_APPROVAL, GoalStatus.ACTIVE)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _goal_forms(request, *, actor, initial=None):
    form = GoalForm(
        _posted(request), competencies=selectors.goal_competency_choices(actor=actor), initial=initial
    )
    milestones = MilestoneFormSet(_posted(request), prefix="milestones")
    return form, milestones


def _create_from_forms(request, form, milestones, **extra):
    """Validate both forms and call goal_create; service errors land next to their fields
    (`milestones[1].due_on` on the second filled milestone row)."""
    if request.method != "POST" or not (form.is_valid() & milestones.is_valid()):
        return None
    filled = [(f, f.cleaned_data) for f in milestones.forms if f.cleaned_data.get("title")]
    try:
        return services.goal_create(
            actor=request.user,
            milestones=[{"title": data["title"], "due_on": data["due_on"]} for _, data in filled],
            **form.service_data(),
            **extra,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            add_service_errors(form, error)
            return None
        rest = {}
        for key, messages_ in error.message_dict.items():
            found = re.fullmatch(r"milestones\[(\d+)\]\.(\w+)", key)
            if found:
                row, field = filled[int(found[1])][0], found[2]
                for message in messages_:
                    row.add_error(field, message)
            else:
                rest[key] = messages_
        if rest:
            add_service_errors(form, ValidationError(rest))
        return None


# --- My goals --------------------------------------------------------------------------


@login_required
def goal_list(request):
    me = request.user
    mine = list(selectors.goal_list_owned(actor=me))
    awaiting = list(selectors.goal_awaiting_approval_for(actor=me))
    selectors.goal_audit_listed(actor=me, goals=awaiting)
    schools = list(selectors.goal_school_list_for_actor(actor=me))
    return render(
        request,
        "coaching/goal_list.html",
        {
            "open_goals": [g for g in mine if g.status in OPEN],
            "closed_goals": [g for g in mine if g.status not in OPEN],
            "awaiting": awaiting,
            "schools": schools,
        },
    )


@login_required
def goal_new(request):
    form, milestones = _goal_forms(request, actor=request.user, initial={"starts_on": district_today()})
    goal = _create_from_forms(request, form, milestones, kind=GoalKind.PERSONAL)
    if goal:
        messages.success(request, "Your goal is saved as a draft. Activate it when it is ready.")
        return redirect("coaching:goal-detail", goal_id=goal.pk)
    return render(
        request,
        "coaching/goal_form.html",
        {"form": form, "milestones": milestones, "title": "Write a goal", "submit": "Save the goal"},
        status=400 if form.errors or milestones.total_error_count() else 200,
    )


@login_required
def goal_edit(request, goal_id):
    goal = selectors.goal_get_for_actor(actor=request.user, goal_id=goal_id)
    if not rules.may_edit(request.user, goal) or goal.status not in (GoalStatus.DRAFT, GoalStatus.ACTIVE):
        raise Http404("This goal cannot be edited.")
    initial = {field: getattr(goal, field) for field in services.EDITABLE if field != "competency_ids"}
    initial["competencies"] = [str(pk) for pk in selectors.goal_competency_ids(goal=goal)]
    form = GoalForm(
        _posted(request), competencies=selectors.goal_competency_choices(actor=request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        changes = form.service_data()
        changed = set(form.changed_data)
        changes = {
            k: v
            for k, v in changes.items()
            if k in changed or (k == "competency_ids" and "competencies" in changed)
        }
        try:
            services.goal_update(actor=request.user, goal=goal, **changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Goal updated.")
            return redirect("coaching:goal-detail", goal_id=goal.pk)
    return render(
        request,
        "coaching/goal_form.html",
        {"form": form, "goal": goal, "title": "Edit the goal", "submit": "Save changes"},
        status=400 if form.errors else 200,
    )


# --- The goal page ---------------------------------------------------------------------


def _on_the_line(goal: Goal, day: datetime.date) -> Decimal:
    return expected_value(
        baseline=goal.baseline, target=goal.target, starts_on=goal.starts_on, due_on=goal.due_on, on=day
    )


def _goal_for_page(request, goal_id) -> Goal:
    return selectors.goal_page_get_for_actor(actor=request.user, goal_id=goal_id)


def _render_goal(request, goal: Goal, *, status=200, **forms_):
    me = request.user
    editable = rules.may_edit(me, goal)
    decides = rules.may_decide(actor=me, goal=goal)
    parts = selectors.goal_page_parts(goal=goal)
    progress = parts["progress"]
    rows = [{"update": p, "expected": _on_the_line(goal, p.recorded_on)} for p in progress]
    today = district_today()
    is_active = goal.status == GoalStatus.ACTIVE
    context = {
        "goal": goal,
        "rows": rows,
        "chart": goal_chart_data(
            starts_on=goal.starts_on,
            due_on=goal.due_on,
            baseline=goal.baseline,
            target=goal.target,
            measure=goal.measure,
            progress=[(p.recorded_on, p.value) for p in progress],
        ),
        "expected_today": _on_the_line(goal, today),
        "milestones": parts["milestones"],
        "competencies": parts["competencies"],
        "may_edit": editable,
        "may_activate": editable and goal.status == GoalStatus.DRAFT,
        "may_record": editable and is_active,
        "may_decide": decides,
        "may_close": editable and goal.status in OPEN,
        "may_change": editable and goal.status in (GoalStatus.DRAFT, GoalStatus.ACTIVE),
        "may_add_milestone": editable and goal.status in OPEN,
        "progress_form": forms_.get("progress_form") or ProgressForm(initial={"recorded_on": today}),
        "milestone_form": forms_.get("milestone_form") or MilestoneAddForm(),
        "return_form": forms_.get("return_form") or ReturnForm(),
        "close_form": forms_.get("close_form") or CloseForm(goal=goal),
        "today": today,
    }
    return render(request, "coaching/goal_detail.html", context, status=status)


@login_required
def goal_detail(request, goal_id):
    return _render_goal(request, _goal_for_page(request, goal_id))


def _form_action(request, goal_id, form_name, form, action, success):
    """A POST from a form on the goal page: on success back to the page with a message;
    on refusal the page again, the errors beside the form's fields (400)."""
    goal = _goal_for_page(request, goal_id)
    if form.is_valid():
        try:
            action(goal, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("coaching:goal-detail", goal_id=goal.pk)
    return _render_goal(request, goal, status=400, **{form_name: form})


def _button_action(request, goal_id, action, success):
    """A one-button transition; a refusal is shown as a message on the goal page."""
    goal = selectors.goal_get_for_actor(actor=request.user, goal_id=goal_id)
    try:
        action(goal)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("coaching:goal-detail", goal_id=goal.pk)


@login_required
@require_POST
def goal_progress(request, goal_id):
    return _form_action(
        request,
        goal_id,
        "progress_form",
        ProgressForm(request.POST),
        lambda goal, data: services.goal_progress_add(actor=request.user, goal=goal, **data),
        "Progress recorded.",
    )


@login_required
@require_POST
def goal_milestone_add(request, goal_id):
    return _form_action(
        request,
        goal_id,
        "milestone_form",
        MilestoneAddForm(request.POST),
        lambda goal, data: services.milestone_add(actor=request.user, goal=goal, **data),
        "Milestone added.",
    )


@login_required
@require_POST
def goal_return(request, goal_id):
    return _form_action(
        request,
        goal_id,
        "return_form",
        ReturnForm(request.POST),
        lambda goal, data: services.goal_return(actor=request.user, goal=goal, note=data["note"]),
        "The goal went back to its owner with your note.",
    )


@login_required
@require_POST
def goal_close(request, goal_id):
    goal = selectors.goal_get_for_actor(actor=request.user, goal_id=goal_id)
    return _form_action(
        request,
        goal_id,
        "close_form",
        CloseForm(request.POST, goal=goal),
        lambda goal, data: services.goal_close(actor=request.user, goal=goal, outcome=data["outcome"]),
        "The goal is closed.",
    )


@login_required
@require_POST
def goal_activate(request, goal_id):
    def activate(goal):
        activated = services.goal_activate(actor=request.user, goal=goal)
        if activated.status == GoalStatus.AWAITING_APPROVAL:
            messages.info(request, "Your supervisor has been asked to approve the goal.")

    return _button_action(request, goal_id, activate, "The goal was submitted.")


@login_required
@require_POST
def goal_approve(request, goal_id):
    return _button_action(
        request,
        goal_id,
        lambda goal: services.goal_approve(actor=request.user, goal=goal),
        "Goal approved: it is active now.",
    )


@login_required
@require_POST
def goal_milestone_complete(request, goal_id, milestone_id):
    def complete(goal):
        milestone = selectors.milestone_get_for_goal(goal=goal, milestone_id=milestone_id)
        services.milestone_complete(actor=request.user, goal=goal, milestone=milestone)

    return _button_action(request, goal_id, complete, "Milestone done.")


# --- School goals ----------------------------------------------------------------------


@login_required
def school_goals(request, school_id):
    me = request.user
    school = school_get_for_actor(actor=me, school_id=school_id)
    may_manage = rules.may_manage_school_goals(me, school)
    if not rules.may_see_school_goals(actor=me, school=school, may_manage=may_manage):
        raise Http404("No such school.")
    form = milestones = None
    if may_manage:
        form, milestones = _goal_forms(request, actor=me, initial={"starts_on": district_today()})
        goal = _create_from_forms(request, form, milestones, kind=GoalKind.SCHOOL, school=school)
        if goal:
            messages.success(request, f"School goal saved as a draft for {goal.owner.full_name}.")
            return redirect("coaching:school-goals", school_id=school.pk)
    elif request.method == "POST":
        raise Http404("You cannot write this school's goals.")
    goals = list(selectors.school_goal_list(actor=me, school=school))
    has_errors = form is not None and (form.errors or milestones.total_error_count())
    return render(
        request,
        "coaching/school_goals.html",
        {"school": school, "goals": goals, "form": form, "milestones": milestones},
        status=400 if has_errors else 200,
    )
