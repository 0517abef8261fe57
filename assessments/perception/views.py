"""Pages for staff perception of a leader: the list (and, for a school leader, asking the
staff), answering, the gap report, and closing early."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.frameworks.selectors import level_list
from assessments.models import PerceptionSurvey
from assessments.perception import rules, selectors, services
from assessments.perception.forms import AnswerForm, SurveyForm
from core.forms import add_service_errors, submit
from core.time import district_today


def _posted(request):
    """The POST data of a POST (even an empty one, which must still be validated)."""
    return request.POST if request.method == "POST" else None


def _mark_closing(survey, today) -> None:
    """Whether the survey takes answers, and whether its leader closed it before its date
    (then it says "Closed early", never "Closed" beside a date still to come)."""
    survey.is_open = not survey.is_closed and survey.closes_on >= today
    survey.closed_early = survey.is_closed and survey.closes_on >= today


@login_required
def perception_list(request):
    me = request.user
    led_schools = selectors.led_school_list(actor=me)
    leads = rules.may_ask_staff(actor=me)
    form = None
    if leads:
        form = SurveyForm(_posted(request), actor=me, schools=led_schools)
        survey = submit(
            request,
            form,
            lambda data: services.perception_survey_open(
                actor=me, framework=data["framework"], school=data["school"], closes_on=data["closes_on"]
            ),
        )
        if survey:
            messages.success(request, f"Asked the staff of {survey.school.name} to rate you.")
            return redirect("assessments:perception-list")
    elif request.method == "POST":
        raise PermissionDenied("Only a school leader asks their staff.")

    today = district_today()
    mine = list(selectors.perception_list_own(actor=me)) if leads else []
    asked = list(selectors.perception_list_asked(actor=me))
    others = list(selectors.perception_list_others(actor=me))
    for survey in [*mine, *others]:
        _mark_closing(survey, today)
    return render(
        request,
        "assessments/perception_list.html",
        {"form": form, "mine": mine, "asked": asked, "others": others, "leads": leads},
        status=400 if form is not None and form.errors else 200,
    )


def _survey_for(request, survey_id) -> PerceptionSurvey:
    return selectors.perception_survey_get_for_actor(actor=request.user, survey_id=survey_id)


@login_required
def perception_answer(request, survey_id):
    survey = _survey_for(request, survey_id)
    invitation = selectors.perception_invitation_for(actor=request.user, survey=survey)
    if invitation is None:
        raise Http404("You were not asked to answer this survey.")
    groups = selectors.competency_groups(framework=survey.framework)
    levels = list(level_list(framework=survey.framework))
    form = AnswerForm(_posted(request), indicators=[i for _, group in groups for i in group], levels=levels)
    if request.method == "POST" and form.is_valid():
        try:
            services.perception_respond(actor=request.user, survey=survey, ratings=form.ratings())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Thank you. Your answers about {survey.leader.full_name} are in, anonymously.",
            )
            return redirect("assessments:perception-list")
    is_open = not survey.is_closed and survey.closes_on >= district_today()
    return render(
        request,
        "assessments/perception_answer.html",
        {
            "survey": survey,
            "form": form,
            "groups": [(c, [(i, form[f"indicator-{i.pk}"]) for i in group]) for c, group in groups],
            "levels": levels,
            "answered": invitation.has_responded and request.method != "POST",
            "is_open": is_open,
        },
        status=400 if form.errors else 200,
    )


def _natural(code: str) -> list:
    """LC.1.10 after LC.1.9: numbers in a code compare as numbers."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code or "")]


def _gap_note(gap) -> tuple[str, str]:
    """A word for the gap, so that it never rests on colour alone."""
    if gap is None:
        return "none", "no comparison"
    if gap <= -0.5:
        return "below", "staff see less"
    if gap >= 0.5:
        return "above", "staff see more"
    return "close", "close"


@login_required
def perception_report(request, survey_id):
    survey = _survey_for(request, survey_id)
    _mark_closing(survey, district_today())
    report = selectors.perception_report_for(actor=request.user, survey=survey)
    if report is None:
        raise Http404("No such report.")
    if report["available"]:
        report["indicators"].sort(key=lambda line: _natural(line["key"]))
        for key in ("competencies", "themes", "indicators"):
            for line in report[key]:
                line["gap_class"], line["gap_note"] = _gap_note(line["gap"])
    return render(
        request,
        "assessments/perception_report.html",
        {
            "survey": survey,
            "report": report,
            "levels": list(level_list(framework=survey.framework)),
            "minimum": selectors.MIN_RESPONSES,
            "list_url": reverse("assessments:perception-list"),
        },
    )


@login_required
@require_POST
def perception_close(request, survey_id):
    survey = _survey_for(request, survey_id)
    try:
        services.perception_survey_close(actor=request.user, survey=survey)
    except PermissionDenied:
        raise Http404("No such survey.") from None
    messages.success(request, "The survey is closed. The report is below.")
    return redirect("assessments:perception-report", survey_id=survey.pk)
