"""Pages for rating yourself on a framework: the list of rounds, the rubric form (autosaved
one rating at a time with HTMX), and the results with charts and the focus choice.

Writes go through `assessments.services`, reads through `assessments.selectors`; a
service's ValidationError is shown to the person, never turned into an error page.
"""

import time
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments import services
from assessments.models import (
    AdoptionStatus,
    Descriptor,
    Item,
    ItemKind,
    Level,
    Rating,
    Rubric,
    SelfAssessment,
    SelfAssessmentStatus,
)
from assessments.results import self_assessment_results
from assessments.selectors import (
    framework_get_for_actor,
    framework_list_for_actor,
    self_assessment_get_for_actor,
    self_assessment_list_for_actor,
)
from assessments.windows import window_pending_for
from core.permissions import actor_roles, page_requires

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


# --- The form's read: one round on its framework, in a fixed number of queries ----------


@dataclass
class Option:
    level_id: int
    name: str
    is_proficient: bool
    descriptor: str


@dataclass
class GridNode:
    id: int
    kind: str
    code: str
    title: str
    statement: str
    children: list["GridNode"] = field(default_factory=list)
    heading_level: int = 2
    options: list[Option] = field(default_factory=list)
    rating: Rating | None = None

    @property
    def is_indicator(self) -> bool:
        return self.kind == ItemKind.INDICATOR

    @property
    def is_rated(self) -> bool:
        return self.rating is not None

    @property
    def chosen(self) -> Option | None:
        if self.rating is None or self.rating.level_id is None:
            return None
        return next((o for o in self.options if o.level_id == self.rating.level_id), None)

    @property
    def not_applicable(self) -> bool:
        return bool(self.rating and self.rating.not_applicable)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Grid:
    roots: list[GridNode]
    levels: list[Level]

    @property
    def indicators(self) -> list[GridNode]:
        return [n for root in self.roots for n in root.walk() if n.is_indicator]

    @property
    def total(self) -> int:
        return len(self.indicators)

    @property
    def rated(self) -> int:
        return sum(1 for n in self.indicators if n.is_rated)

    @property
    def missing(self) -> list[GridNode]:
        return [n for n in self.indicators if not n.is_rated]


def rating_grid(self_assessment: SelfAssessment) -> Grid:
    """The live items of the round's framework as a tree, each indicator with one option
    per level (its descriptor at that level, from the first rubric) and its rating.

    Four queries whatever the framework's size: levels, live items, the first rubric's
    descriptors and the round's ratings.
    """
    framework_id = self_assessment.framework_id
    levels = list(Level.objects.filter(framework_id=framework_id).order_by("position"))
    items = (
        Item.objects.filter(framework_id=framework_id, is_retired=False)
        .only("pk", "parent_id", "kind", "code", "title", "statement", "depth", "sequence")
        .order_by("depth", "sequence", "id")
    )
    first_rubric = (
        Rubric.objects.filter(framework_id=framework_id).order_by("position", "id").values("pk")[:1]
    )
    descriptor_rows = (
        Descriptor.objects.filter(criterion__rubric=Subquery(first_rubric), criterion__item__isnull=False)
        .order_by("criterion__position", "criterion_id", "position", "id")
        .values_list("criterion__item_id", "criterion_id", "level_id", "text")
    )
    criterion_of: dict[int, int] = {}
    texts: dict[tuple[int, int], str] = {}
    for item_id, criterion_id, level_id, text in descriptor_rows:
        if criterion_of.setdefault(item_id, criterion_id) != criterion_id or level_id is None:
            continue  # the item's first criterion only
        texts.setdefault((item_id, level_id), text)
    ratings = {r.indicator_id: r for r in Rating.objects.filter(self_assessment=self_assessment)}

    nodes: dict[int, GridNode] = {}
    roots: list[GridNode] = []
    for item in items:  # ordered by depth: parents come first
        node = GridNode(
            id=item.pk, kind=item.kind, code=item.code, title=item.title, statement=item.statement
        )
        if node.is_indicator:
            node.options = [
                Option(
                    level_id=level.pk,
                    name=level.name,
                    is_proficient=level.is_proficient,
                    descriptor=texts.get((item.pk, level.pk), ""),
                )
                for level in levels
            ]
            node.rating = ratings.get(item.pk)
        nodes[item.pk] = node
        parent = nodes.get(item.parent_id)
        if parent is not None:
            node.heading_level = min(parent.heading_level + 1, 6)
        (parent.children if parent else roots).append(node)
    return Grid(roots=roots, levels=levels)


def _progress(self_assessment: SelfAssessment) -> dict:
    as_of = _as_of()
    live = Item.objects.filter(
        framework_id=self_assessment.framework_id, kind=ItemKind.INDICATOR, is_retired=False
    )
    return {
        "total": live.count(),
        "rated": Rating.objects.filter(self_assessment=self_assessment, indicator__in=live).count(),
        "as_of": as_of,
    }


# --- Pages ------------------------------------------------------------------------------


@needs_a_role
def self_assessment_list(request):
    actor = request.user
    roles = actor_roles(actor)
    rounds = self_assessment_list_for_actor(actor=actor)
    mine = list(rounds.filter(person=actor).order_by("-started_at", "-id"))
    drafts = {sa.framework_id: sa for sa in mine if sa.status == SelfAssessmentStatus.DRAFT}
    audiences = [aud for aud, allowed in services.AUDIENCE_ROLES.items() if allowed & roles]
    frameworks = [
        {"framework": fw, "draft": drafts.get(fw.pk)}
        for fw in framework_list_for_actor(actor=actor).filter(
            adoption_status=AdoptionStatus.ADOPTED, audience__in=audiences
        )
    ]
    pending = [{"window": w, "draft": drafts.get(w.framework_id)} for w in window_pending_for(person=actor)]
    team = list(
        rounds.exclude(person=actor)
        .filter(status=SelfAssessmentStatus.SUBMITTED)
        .order_by("-submitted_at", "-id")[:TEAM_ROUNDS_SHOWN]
    )
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


def _as_of() -> int:
    """Microseconds now, taken before progress is counted: of two autosave answers, the one
    stamped later counted every save either of them made (each service call commits before
    its answer is stamped), so the page keeps the later one (self_assessment.js)."""
    return time.time_ns() // 1000


def _render_form(request, self_assessment, *, submit_errors=(), status=200):
    as_of = _as_of()
    grid = rating_grid(self_assessment)
    editable = self_assessment.person_id == request.user.pk and not self_assessment.is_locked
    return render(
        request,
        "assessments/self_assessment_form.html",
        {
            "sa": self_assessment,
            "framework": self_assessment.framework,
            "grid": grid,
            "editable": editable,
            "is_owner": self_assessment.person_id == request.user.pk,
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
    if self_assessment.person_id != request.user.pk:
        raise PermissionDenied("Only the person who owns a self-assessment can change it.")


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
        {"errors": errors, "saved_at": timezone.localtime(), "progress": _progress(self_assessment)},
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
    focus = (
        set(chosen)
        if chosen is not None
        else set(self_assessment.focus_competencies.values_list("pk", flat=True))
    )
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
            "is_owner": self_assessment.person_id == request.user.pk,
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
