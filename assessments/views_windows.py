"""Pages for assessment windows (completion) and staff perception of a leader."""

import csv
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments import perception, windows
from assessments.models import (
    AdoptionStatus,
    Audience,
    Item,
    ItemKind,
    Level,
    PerceptionInvitation,
    PerceptionSurvey,
)
from assessments.selectors import framework_list_for_actor
from core.api import get_or_404
from core.forms import add_service_errors, submit
from core.permissions import Scope, actor_roles, can, scope_for
from core.roles import Role
from core.time import district_today
from schools.models import Membership, School, Supervision
from schools.selectors import school_list_for_actor

SUPPRESSED = f"Fewer than {windows.SMALL_GROUP} people — not shown"


def _posted(request):
    """The POST data of a POST (even an empty one, which must still be validated)."""
    return request.POST if request.method == "POST" else None


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- Windows ---------------------------------------------------------------------------


class WindowForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=None, empty_label="Choose a framework")
    title = forms.CharField(max_length=200, help_text="e.g. Fall self-assessment")
    roles = forms.MultipleChoiceField(
        choices=Role.choices, widget=forms.CheckboxSelectMultiple, label="Who is asked"
    )
    schools = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Schools",
        help_text="Leave every school unticked to ask all schools.",
    )
    opens_on = forms.DateField(label="Opens on", widget=_date_input())
    closes_on = forms.DateField(label="Closes on", widget=_date_input())
    reminder_days = forms.CharField(
        label="Reminders (days before closing)",
        required=False,
        initial="7, 1",
        help_text="Comma-separated whole days, e.g. 7, 1. Leave empty for no reminders.",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = framework_list_for_actor(actor=actor).filter(
            adoption_status=AdoptionStatus.ADOPTED
        )
        self.fields["schools"].queryset = school_list_for_actor(actor=actor).filter(is_active=True)

    def clean_reminder_days(self):
        text = self.cleaned_data["reminder_days"]
        days = []
        for part in (p.strip() for p in text.replace(";", ",").split(",")):
            if not part:
                continue
            try:
                days.append(int(part))
            except ValueError:
                raise forms.ValidationError(f"“{part}” is not a whole number of days.") from None
        return days


def _window_status(window, today) -> str:
    if today < window.opens_on:
        return "upcoming"
    if today > window.closes_on:
        return "closed"
    return "open"


def _follows_completion(user) -> bool:
    return scope_for(actor_roles(user), "window.completion") > Scope.NONE


@login_required
def window_list(request):
    may_manage = can(request.user, "window.manage")
    form = None
    if may_manage:
        form = WindowForm(_posted(request), actor=request.user)
        window = submit(
            request,
            form,
            lambda data: windows.window_open(
                actor=request.user,
                framework=data["framework"],
                title=data["title"],
                roles=data["roles"],
                schools=list(data["schools"]),
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                reminder_days=data["reminder_days"],
            ),
        )
        if window:
            messages.success(request, f"Opened “{window.title}”.")
            return redirect("assessments:window-detail", window_id=window.pk)
    elif request.method == "POST":
        raise PermissionDenied("Only the central office opens windows.")
    today = district_today()
    role_labels = dict(Role.choices)
    rows = [
        {
            "window": w,
            "status": _window_status(w, today),
            "roles": [role_labels.get(r, r) for r in w.roles],
            "schools": [s.name for s in w.schools.all()],
        }
        for w in windows.window_list_for_actor(actor=request.user)
    ]
    return render(
        request,
        "assessments/window_list.html",
        {"rows": rows, "form": form, "follows_completion": _follows_completion(request.user)},
        status=400 if form is not None and form.errors else 200,
    )


def _window_for_completion(request, window_id):
    if not _follows_completion(request.user):
        raise PermissionDenied("Only the central office and principals follow completion.")
    window = get_or_404(windows.window_list_for_actor(actor=request.user), window_id)
    return window, windows.window_completion(actor=request.user, window=window)


@login_required
def window_detail(request, window_id):
    window, rows = _window_for_completion(request, window_id)
    role_labels = dict(Role.choices)
    for row in rows:
        row["percent"] = None if row["suppressed"] else round(row["rate"] * 100)
    return render(
        request,
        "assessments/window_detail.html",
        {
            "window": window,
            "status": _window_status(window, district_today()),
            "roles": [role_labels.get(r, r) for r in window.roles],
            "schools": [s.name for s in window.schools.all()],
            "rows": rows,
            "suppressed_label": SUPPRESSED,
            "school_scope": scope_for(actor_roles(request.user), "window.completion") == Scope.SCHOOL,
        },
    )


class _Echo:
    def write(self, value):
        return value


@login_required
def window_completion_csv(request, window_id):
    window, rows = _window_for_completion(request, window_id)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(["School", "In scope", "Submitted", "Rate (%)", "Note"])
        for row in rows:
            if row["suppressed"]:
                yield writer.writerow([row["school_name"], "", "", "", SUPPRESSED])
            else:
                percent = f"{row['rate'] * 100:.1f}"
                yield writer.writerow([row["school_name"], row["in_scope"], row["submitted"], percent, ""])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="window-{window.pk}-completion.csv"'
    return response


# --- Staff perception ------------------------------------------------------------------


class SurveyForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=None, empty_label="Choose a leadership framework")
    school = forms.ModelChoiceField(queryset=None, empty_label=None)
    closes_on = forms.DateField(label="Closes on", widget=_date_input())

    def __init__(self, *args, actor, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = framework_list_for_actor(actor=actor).filter(
            audience=Audience.LEADERS, adoption_status=AdoptionStatus.ADOPTED
        )
        self.fields["school"].queryset = schools


def _led_schools(user):
    led = Membership.objects.current().filter(user=user, role=Role.SCHOOL_LEADER).values("school_id")
    return School.objects.filter(pk__in=led).order_by("name")


def _mark_closing(survey, today) -> None:
    """Whether the survey takes answers, and whether its leader closed it before its date
    (then it says "Closed early", never "Closed" beside a date still to come)."""
    survey.is_open = not survey.is_closed and survey.closes_on >= today
    survey.closed_early = survey.is_closed and survey.closes_on >= today


def _open_for_answers():
    return Q(is_closed=False, closes_on__gte=district_today())


def _with_counts(surveys):
    return surveys.annotate(
        invited=Count("invitations", distinct=True), answered=Count("responses", distinct=True)
    ).order_by("-created_at", "-id")


@login_required
def perception_list(request):
    me = request.user
    led_schools = _led_schools(me)
    leads = Role.SCHOOL_LEADER in actor_roles(me)
    form = None
    if leads:
        form = SurveyForm(_posted(request), actor=me, schools=led_schools)
        survey = submit(
            request,
            form,
            lambda data: perception.perception_survey_open(
                actor=me, framework=data["framework"], school=data["school"], closes_on=data["closes_on"]
            ),
        )
        if survey:
            messages.success(request, f"Asked the staff of {survey.school.name} to rate you.")
            return redirect("assessments:perception-list")
    elif request.method == "POST":
        raise PermissionDenied("Only a school leader asks their staff.")

    visible = perception.perception_list_for_actor(actor=me)
    today = district_today()
    mine = list(_with_counts(visible.filter(leader=me))) if leads else []
    asked = list(
        visible.filter(
            Exists(PerceptionInvitation.objects.filter(survey=OuterRef("pk"), person=me, has_responded=False))
        )
        .filter(_open_for_answers())
        .order_by("closes_on", "id")
    )
    if can(me, "perception.view_any"):
        others = visible.exclude(leader=me)
    else:
        supervisees = Supervision.objects.current().filter(supervisor=me).values("supervisee_id")
        others = visible.filter(leader__in=supervisees)
    others = list(_with_counts(others))
    for survey in [*mine, *others]:
        _mark_closing(survey, today)
    return render(
        request,
        "assessments/perception_list.html",
        {"form": form, "mine": mine, "asked": asked, "others": others, "leads": leads},
        status=400 if form is not None and form.errors else 200,
    )


def _survey_for(request, survey_id) -> PerceptionSurvey:
    return get_or_404(perception.perception_list_for_actor(actor=request.user), survey_id)


def _competency_groups(framework):
    """The framework's live indicators under their competencies, in the outline's order."""
    items = list(Item.objects.filter(framework=framework, is_retired=False).order_by("sequence", "id"))
    children = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    groups = []

    def walk(parent_id):
        for item in children.get(parent_id, []):
            indicators = [c for c in children.get(item.pk, []) if c.kind == ItemKind.INDICATOR]
            if indicators:
                groups.append((item, indicators))
            walk(item.pk)

    walk(None)
    return groups


class AnswerForm(forms.Form):
    """One optional choice of level per indicator, named indicator-<pk>."""

    def __init__(self, *args, indicators, levels, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(level.pk), level.name) for level in levels]
        for indicator in indicators:
            self.fields[f"indicator-{indicator.pk}"] = forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, required=False, label=indicator.statement
            )

    def ratings(self) -> list[dict]:
        return [
            {"indicator": int(name.removeprefix("indicator-")), "level": int(value)}
            for name, value in self.cleaned_data.items()
            if value
        ]


@login_required
def perception_answer(request, survey_id):
    survey = _survey_for(request, survey_id)
    invitation = PerceptionInvitation.objects.filter(survey=survey, person=request.user).first()
    if invitation is None:
        raise Http404("You were not asked to answer this survey.")
    groups = _competency_groups(survey.framework)
    levels = list(Level.objects.filter(framework=survey.framework).order_by("position"))
    form = AnswerForm(_posted(request), indicators=[i for _, group in groups for i in group], levels=levels)
    if request.method == "POST" and form.is_valid():
        try:
            perception.perception_respond(actor=request.user, survey=survey, ratings=form.ratings())
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
    report = perception.perception_report_for(actor=request.user, survey=survey)
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
            "levels": list(Level.objects.filter(framework=survey.framework).order_by("position")),
            "minimum": perception.MIN_RESPONSES,
            "list_url": reverse("assessments:perception-list"),
        },
    )


@login_required
@require_POST
def perception_close(request, survey_id):
    survey = _survey_for(request, survey_id)
    try:
        perception.perception_survey_close(actor=request.user, survey=survey)
    except PermissionDenied:
        raise Http404("No such survey.") from None
    messages.success(request, "The survey is closed. The report is below.")
    return redirect("assessments:perception-report", survey_id=survey.pk)
