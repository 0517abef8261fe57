"""Reads about staff perception surveys: the surveys one sees, and the gap report."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from accounts.models import User
from assessments.models import (
    Framework,
    Item,
    ItemKind,
    PerceptionInvitation,
    PerceptionRating,
    PerceptionSurvey,
    Rating,
    SelfAssessment,
    SelfAssessmentStatus,
)
from assessments.perception.rules import may_see_report, supervises_leader
from core.api import get_or_404
from core.audit import audit
from core.permissions import can
from core.roles import Role
from core.time import district_today
from schools.models import Membership, School, Supervision

MIN_RESPONSES = 5


def perception_list_for_actor(*, actor: User) -> QuerySet[PerceptionSurvey]:
    """Your own surveys, the ones you are asked to answer, your supervisees' surveys; the
    central office and administrators see all (reports are aggregates)."""
    surveys = PerceptionSurvey.objects.select_related("framework", "school", "leader")
    if can(actor, "perception.view_any"):
        return surveys
    supervisees = Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")
    return surveys.filter(
        Q(leader=actor) | Q(invitations__person=actor) | Q(leader__in=supervisees)
    ).distinct()


def _two(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def perception_survey_is_open(survey: PerceptionSurvey) -> bool:
    """The survey takes answers: not closed, and its closing day has not passed."""
    return not survey.is_closed and survey.closes_on >= district_today()


def perception_survey_get_for_actor(*, actor: User, survey_id) -> PerceptionSurvey:
    return get_or_404(perception_list_for_actor(actor=actor), survey_id)


def perception_list_counted_for_actor(*, actor: User) -> QuerySet[PerceptionSurvey]:
    """The surveys the actor sees, newest first, each with how many staff were invited and
    have answered, and whether the actor is asked and has not answered yet (`asked_me`)."""
    return (
        perception_list_for_actor(actor=actor)
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count("responses", distinct=True),
            asked_me=Exists(
                PerceptionInvitation.objects.filter(survey=OuterRef("pk"), person=actor, has_responded=False)
            ),
        )
        .order_by("-created_at", "-id")
    )


def _with_counts(surveys: QuerySet[PerceptionSurvey]) -> QuerySet[PerceptionSurvey]:
    return surveys.annotate(
        invited=Count("invitations", distinct=True), answered=Count("responses", distinct=True)
    ).order_by("-created_at", "-id")


def perception_list_own(*, actor: User) -> QuerySet[PerceptionSurvey]:
    """The surveys the actor asked, newest first, with their counts."""
    return _with_counts(perception_list_for_actor(actor=actor).filter(leader=actor))


def perception_list_asked(*, actor: User) -> QuerySet[PerceptionSurvey]:
    """Open surveys the actor is asked to answer and has not answered yet, closing soonest
    first."""
    return (
        perception_list_for_actor(actor=actor)
        .filter(
            Exists(
                PerceptionInvitation.objects.filter(survey=OuterRef("pk"), person=actor, has_responded=False)
            )
        )
        .filter(is_closed=False, closes_on__gte=district_today())
        .order_by("closes_on", "id")
    )


def perception_list_others(*, actor: User) -> QuerySet[PerceptionSurvey]:
    """Other leaders' surveys the actor follows: every one for those who see all, else their
    supervisees', newest first, with their counts."""
    visible = perception_list_for_actor(actor=actor)
    if can(actor, "perception.view_any"):
        others = visible.exclude(leader=actor)
    else:
        supervisees = Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")
        others = visible.filter(leader__in=supervisees)
    return _with_counts(others)


def perception_invitation_for(*, actor: User, survey: PerceptionSurvey) -> PerceptionInvitation | None:
    """The actor's invitation to answer a survey they see, if they were asked."""
    return PerceptionInvitation.objects.filter(survey=survey, person=actor).first()


def led_school_list(*, actor: User) -> QuerySet[School]:
    """The schools the actor leads now, by name: the ones they can ask."""
    led = Membership.objects.current().filter(user=actor, role=Role.SCHOOL_LEADER).values("school_id")
    return School.objects.filter(pk__in=led).order_by("name")


def competency_groups(*, framework: Framework) -> list[tuple[Item, list[Item]]]:
    """The framework's live indicators under their competencies, in the outline's order."""
    items = list(Item.objects.filter(framework=framework, is_retired=False).order_by("sequence", "id"))
    children: dict[int | None, list[Item]] = {}
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


def perception_report_for(*, actor: User, survey: PerceptionSurvey) -> dict | None:
    """The report as this actor may see it, or None when they may not see it at all.

    Staff answers show only in aggregate. The leader's own ratings are theirs: shown to
    the leader, and to their supervisor with the read audited; never to anyone else.
    """
    if not may_see_report(actor=actor, survey=survey):
        return None
    is_supervisor = supervises_leader(actor=actor, survey=survey)
    include_self = survey.leader_id == actor.pk or is_supervisor
    report = perception_report(survey=survey, include_self=include_self)
    if include_self and survey.leader_id != actor.pk and report.get("self_assessment"):
        audit(
            actor=actor,
            action="self_assessment.read",
            target=SelfAssessment.objects.get(pk=report["self_assessment"]),
            data={"owner": survey.leader_id, "via": "perception report"},
        )
    return report


def perception_report(*, survey: PerceptionSurvey, include_self: bool) -> dict:
    """The staff's view per indicator, competency and theme, beside the leader's own when
    `include_self`. Shown only once the survey has closed with at least five answers, and
    an indicator answered by fewer than five people shows no staff figure, so that no
    single answer can be read off the report or off how it changes."""
    responses = survey.responses.count()
    invited = survey.invitations.count()
    if perception_survey_is_open(survey) or responses < MIN_RESPONSES:
        return {
            "available": False,
            "reason": "open" if perception_survey_is_open(survey) else "too_few",
            "responses": responses,
            "invited": invited,
            "needed": max(0, MIN_RESPONSES - responses),
            "closes_on": survey.closes_on,
        }
    items: dict[int, Item] = {
        i.pk: i
        for i in Item.objects.filter(framework=survey.framework, is_retired=False).prefetch_related("themes")
    }
    staff = {
        row["indicator"]: row["mean"]
        for row in PerceptionRating.objects.filter(response__survey=survey)
        .values("indicator")
        .annotate(mean=Avg("level__value"), answers=Count("id"))
        .filter(answers__gte=MIN_RESPONSES)
    }
    own_round = None
    if include_self:
        own_round = (
            survey.leader.self_assessments.filter(
                framework=survey.framework, status=SelfAssessmentStatus.SUBMITTED
            )
            .order_by("-submitted_at")
            .first()
        )
    own = (
        {
            r.indicator_id: r.level.value
            for r in Rating.objects.filter(self_assessment=own_round, level__isnull=False).select_related(
                "level"
            )
            if r.level is not None  # as the filter says
        }
        if own_round
        else {}
    )

    def line(key, label, own_values, staff_values):
        own_mean = _two(sum(own_values) / len(own_values)) if own_values else None
        staff_mean = _two(sum(staff_values) / len(staff_values)) if staff_values else None
        gap = None if own_mean is None or staff_mean is None else staff_mean - own_mean
        return {"key": key, "label": label, "self": own_mean, "staff": staff_mean, "gap": gap}

    indicators: list[dict] = []
    by_competency: defaultdict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    by_theme: defaultdict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for pk, item in items.items():
        if item.kind != ItemKind.INDICATOR:
            continue
        staff_mean, own_value = staff.get(pk), own.get(pk)
        own_values = [own_value] if own_value is not None else []
        staff_values = [staff_mean] if staff_mean is not None else []
        indicators.append(line(item.code, item.statement, own_values, staff_values))
        competency = items.get(item.parent_id) if item.parent_id is not None else None
        targets = [by_competency[competency.pk]] if competency else []
        targets += [
            by_theme[t.pk] for t in {*item.themes.all(), *(competency.themes.all() if competency else [])}
        ]
        for own_list, staff_list in targets:
            own_list.extend(own_values)
            staff_list.extend(staff_values)
    themes = {t.pk: t for i in items.values() for t in i.themes.all()}
    return {
        "available": True,
        "responses": responses,
        "invited": invited,
        "self_assessment": own_round.pk if own_round else None,
        "indicators": indicators,
        "competencies": [line(items[pk].code, items[pk].label, *v) for pk, v in by_competency.items()],
        "themes": sorted(
            (line(str(pk), themes[pk].title, *v) for pk, v in by_theme.items()), key=lambda r: r["label"]
        ),
    }
