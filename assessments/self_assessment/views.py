"""Pages for rating yourself on a framework: the list of rounds, the rubric form (autosaved
one rating at a time with HTMX), and the results with charts and the focus choice.

Writes go through `assessments.self_assessment.services`, reads through its selectors; a
service's ValidationError is shown to the person, never turned into an error page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments.frameworks.selectors import framework_get_for_actor, framework_list_adopted_for_actor
from assessments.models import SelfAssessmentStatus
from assessments.self_assessment import services
from assessments.self_assessment.grid import as_of_now, rating_grid, self_assessment_progress
from assessments.self_assessment.results import self_assessment_results
from assessments.self_assessment.rules import NOT_THE_OWNER, audiences_of, may_change
from assessments.self_assessment.selectors import (
    self_assessment_focus_ids,
    self_assessment_get_for_actor,
    self_assessment_list_own,
    self_assessment_list_team,
)
from assessments.windows.selectors import window_pending_for
from core.permissions import page_requires

NOT_APPLICABLE = "na"
TEAM_ROUNDS_SHOWN = 50
# A 422 tells HTMX (configured in self_assessment.js) to swap the error in beside the field.
UNPROCESSABLE = 422


needs_a_role = page_requires("district.member", "Self-assessment opens once you have a role in the district.")


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for errors in error.error_dict.values() for e in errors for m in e.messages]
    return list(error.messages)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- Pages ------------------------------------------------------------------------------


@needs_a_role
def self_assessment_list(request):
    actor = request.user
    mine = list(self_assessment_list_own(actor=actor))
    drafts = {sa.framework_id: sa for sa in mine if sa.status == SelfAssessmentStatus.DRAFT}
    frameworks = [
        {"framework": fw, "draft": drafts.get(fw.pk)}
        for fw in framework_list_adopted_for_actor(actor=actor, audiences=audiences_of(actor=actor))
    ]
    pending = [{"window": w, "draft": drafts.get(w.framework_id)} for w in window_pending_for(actor=actor)]
    team = list(self_assessment_list_team(actor=actor)[:TEAM_ROUNDS_SHOWN])
    return render(
        request,
        "assessments/self_assessment_list.html",
        {
            "pending": pending,
            "frameworks": frameworks,
            "past": [sa for sa in mine if sa.status == SelfAssessmentStatus.SUBMITTED],
            "team": team,
        },
    )


@needs_a_role
@require_POST
def self_assessment_start(request):
    try:
        framework = framework_get_for_actor(actor=request.user, framework_id=int(request.POST["framework"]))
    except (KeyError, ValueError) as error:
        raise Http404("No such framework.") from error
    try:
        self_assessment = services.self_assessment_start(actor=request.user, framework=framework)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
        return redirect("assessments:self-assessment-list")
    return redirect("assessments:self-assessment-form", self_assessment.pk)


def _render_form(request, self_assessment, *, submit_errors=(), status=200):
    as_of = as_of_now()
    grid = rating_grid(self_assessment)
    is_owner = may_change(actor=request.user, self_assessment=self_assessment)
    editable = is_owner and not self_assessment.is_locked
    return render(
        request,
        "assessments/self_assessment_form.html",
        {
            "sa": self_assessment,
            "framework": self_assessment.framework,
            "grid": grid,
            "editable": editable,
            "is_owner": is_owner,
            "progress": {"total": grid.total, "rated": grid.rated, "as_of": as_of},
            "submit_errors": submit_errors,
            "missing": grid.missing if submit_errors else [],
            "not_applicable": NOT_APPLICABLE,
        },
        status=status,
    )


@needs_a_role
def self_assessment_form(request, self_assessment_id):
    self_assessment = self_assessment_get_for_actor(actor=request.user, self_assessment_id=self_assessment_id)
    return _render_form(request, self_assessment)


def _rating_from(post, indicator_id: int) -> dict:
    choice = post.get("level", "")
    rating = {
        "indicator": indicator_id,
        "not_applicable": choice == NOT_APPLICABLE,
        "not_applicable_reason": post.get("not_applicable_reason", ""),
        "evidence": post.get("evidence", ""),
    }
    if choice and choice != NOT_APPLICABLE:
        try:
            rating["level"] = int(choice)
        except ValueError:
            rating["level"] = -1  # the service refuses it with its own message
    return rating


def _own_or_refuse(request, self_assessment):
    if not may_change(actor=request.user, self_assessment=self_assessment):
        raise PermissionDenied(NOT_THE_OWNER)


@needs_a_role
@require_POST
def self_assessment_rate(request, self_assessment_id, indicator_id):
    """Autosave one rating; HTMX swaps the answer into the indicator's status line."""
    self_assessment = self_assessment_get_for_actor(actor=request.user, self_assessment_id=self_assessment_id)
    _own_or_refuse(request, self_assessment)
    errors = []
    try:
        services.self_assessment_save(
            actor=request.user,
            self_assessment=self_assessment,
            ratings=[_rating_from(request.POST, indicator_id)],
        )
    except ValidationError as error:
        errors = _messages_of(error)
    return _saved_response(request, self_assessment, errors, anchor=f"indicator-{indicator_id}")


@needs_a_role
@require_POST
def self_assessment_reflect(request, self_assessment_id):
    self_assessment = self_assessment_get_for_actor(actor=request.user, self_assessment_id=self_assessment_id)
    _own_or_refuse(request, self_assessment)
    errors = []
    try:
        services.self_assessment_save(
            actor=request.user, self_assessment=self_assessment, reflection=request.POST.get("reflection", "")
        )
    except ValidationError as error:
        errors = _messages_of(error)
    return _saved_response(request, self_assessment, errors, anchor="reflection")


def _saved_response(request, self_assessment, errors, *, anchor):
    if not _is_htmx(request):  # the no-script fallback: back to the form, at the field
        for message in errors:
            messages.error(request, message)
        if not errors:
            messages.success(request, "Saved.")
        url = reverse("assessments:self-assessment-form", args=[self_assessment.pk])
        return redirect(f"{url}#{anchor}")
    return render(
        request,
        "assessments/_sa_saved.html",
        {
            "errors": errors,
            "saved_at": timezone.localtime(),
            "progress": self_assessment_progress(self_assessment),
        },
        status=UNPROCESSABLE if errors else 200,
    )


@needs_a_role
@require_POST
def self_assessment_submit(request, self_assessment_id):
    self_assessment = self_assessment_get_for_actor(actor=request.user, self_assessment_id=self_assessment_id)
    _own_or_refuse(request, self_assessment)
    try:
        services.self_assessment_submit(actor=request.user, self_assessment=self_assessment)
    except ValidationError as error:
        return _render_form(request, self_assessment, submit_errors=_messages_of(error), status=UNPROCESSABLE)
    messages.success(request, "Submitted. Here are your results.")
    return redirect("assessments:self-assessment-results", self_assessment.pk)


# --- Results ----------------------------------------------------------------------------


def _chart(scores, levels) -> dict:
    return {
        "labels": [f"{s.key} {s.label}" if s.key and not s.key.isdigit() else s.label for s in scores],
        "means": [float(s.mean) if s.mean is not None else None for s in scores],
        "previous": [float(s.previous_mean) if s.previous_mean is not None else None for s in scores],
        "levels": [{"name": lv.name, "value": float(lv.value)} for lv in levels],
        "height": 40 * len(scores) + 70,
    }


def _render_results(request, self_assessment, *, focus_errors=(), chosen=None, status=200):
    results = self_assessment_results(self_assessment)
    by_domain = bool(results["domains"])
    main_scores = results["domains"] if by_domain else results["competencies"]
    focus = set(chosen) if chosen is not None else self_assessment_focus_ids(self_assessment=self_assessment)
    return render(
        request,
        "assessments/self_assessment_results.html",
        {
            "sa": self_assessment,
            "framework": self_assessment.framework,
            "results": results,
            "by_domain": by_domain,
            "main_scores": main_scores,
            "main_chart": _chart(main_scores, results["levels"]),
            "theme_chart": _chart(results["themes"], results["levels"]),
            "is_owner": may_change(actor=request.user, self_assessment=self_assessment),
            "focus": focus,
            "focus_errors": focus_errors,
            "max_focus": services.MAX_FOCUS,
        },
        status=status,
    )


@needs_a_role
def self_assessment_results_page(request, self_assessment_id):
    self_assessment = self_assessment_get_for_actor(actor=request.user, self_assessment_id=self_assessment_id)
    if not self_assessment.is_locked:
        messages.info(request, "Results appear once the self-assessment is submitted.")
        return redirect("assessments:self-assessment-form", self_assessment.pk)
    return _render_results(request, self_assessment)


@needs_a_role
@require_POST
def self_assessment_focus(request, self_assessment_id):
    self_assessment = self_assessment_get_for_actor(actor=request.user, self_assessment_id=self_assessment_id)
    _own_or_refuse(request, self_assessment)
    try:
        chosen = [int(pk) for pk in request.POST.getlist("competencies")]
    except ValueError:
        chosen = None
    try:
        if chosen is None:
            raise ValidationError({"competencies": "Choose competencies of this framework."})
        services.self_assessment_set_focus(
            actor=request.user, self_assessment=self_assessment, competency_ids=chosen
        )
    except ValidationError as error:
        return _render_results(
            request,
            self_assessment,
            focus_errors=_messages_of(error),
            chosen=chosen or [],
            status=UNPROCESSABLE,
        )
    count = len(chosen)
    messages.success(
        request,
        f"Saved your {count} focus competenc{'y' if count == 1 else 'ies'}." if count else "Focus cleared.",
    )
    return redirect(reverse("assessments:self-assessment-results", args=[self_assessment.pk]) + "#focus")
