"""Staff perception of a leader (espoused versus lived culture).

Responses are anonymous by construction: a response row has no person, and the separate
invitation row records only that someone answered. The report appears only once at least
five staff have answered, and shows means, never single answers.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q, QuerySet

from assessments.models import (
    Audience,
    Item,
    ItemKind,
    Level,
    PerceptionInvitation,
    PerceptionRating,
    PerceptionResponse,
    PerceptionSurvey,
    Rating,
    SelfAssessmentStatus,
)
from core.audit import audit
from core.permissions import can
from core.roles import Role
from core.time import district_today
from schools.models import Membership, Supervision

MIN_RESPONSES = 5
STAFF_ROLES = (Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER)


@transaction.atomic
def perception_survey_open(*, actor, framework, school, closes_on) -> PerceptionSurvey:
    """A school leader invites the school's current staff (not themselves) to rate them."""
    leads = Membership.objects.current().filter(user=actor, school=school, role=Role.SCHOOL_LEADER).exists()
    if not leads:
        raise PermissionDenied("Only a leader of this school can ask its staff.")
    errors = {}
    if framework.audience != Audience.LEADERS or framework.adoption_status != "adopted":
        errors["framework"] = "Choose an adopted leadership framework."
    if closes_on <= district_today():
        errors["closes_on"] = "The survey must close in the future."
    if errors:
        raise ValidationError(errors)
    survey = PerceptionSurvey.objects.create(
        leader=actor, school=school, framework=framework, closes_on=closes_on
    )
    staff = (
        Membership.objects.current()
        .filter(school=school, role__in=STAFF_ROLES)
        .exclude(user=actor)
        .values_list("user_id", flat=True)
        .distinct()
    )
    PerceptionInvitation.objects.bulk_create(
        PerceptionInvitation(survey=survey, person_id=pk) for pk in staff
    )
    audit(actor=actor, action="perception.opened", target=survey, data={"invited": len(staff)})
    return survey


@transaction.atomic
def perception_respond(*, actor, survey: PerceptionSurvey, ratings: list[dict]) -> None:
    """Answer once, anonymously: a level for any of the framework's indicators."""
    invitation = PerceptionInvitation.objects.select_for_update().filter(survey=survey, person=actor).first()
    if invitation is None:
        raise PermissionDenied("You were not asked to answer this survey.")
    if invitation.has_responded:
        raise ValidationError(
            {"survey": "You have already answered. Answers cannot be changed: they are anonymous."}
        )
    if survey.is_closed or survey.closes_on < district_today():
        raise ValidationError({"survey": "This survey has closed."})
    indicators = set(
        Item.objects.filter(
            framework=survey.framework, kind=ItemKind.INDICATOR, is_retired=False
        ).values_list("pk", flat=True)
    )
    levels = set(Level.objects.filter(framework=survey.framework).values_list("pk", flat=True))
    errors = {}
    for index, rating in enumerate(ratings):
        if rating.get("indicator") not in indicators:
            errors[f"ratings[{index}].indicator"] = "Not an indicator of this framework."
        if rating.get("level") not in levels:
            errors[f"ratings[{index}].level"] = "Choose a level of this framework's scale."
    if not ratings:
        errors["ratings"] = "Rate at least one indicator."
    if errors:
        raise ValidationError(errors)
    response = PerceptionResponse.objects.create(survey=survey)
    try:
        PerceptionRating.objects.bulk_create(
            PerceptionRating(response=response, indicator_id=r["indicator"], level_id=r["level"])
            for r in ratings
        )
    except IntegrityError:
        raise ValidationError({"ratings": "Rate each indicator once."}) from None
    invitation.has_responded = True
    invitation.save(update_fields=["has_responded"])


def perception_list_for_actor(*, actor) -> QuerySet[PerceptionSurvey]:
    """Your own surveys, the ones you are asked to answer, your supervisees' surveys; the
    central office and administrators see all (reports are aggregates)."""
    surveys = PerceptionSurvey.objects.select_related("framework", "school", "leader")
    if can(actor, "perception.view_any"):
        return surveys
    supervisees = Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")
    return surveys.filter(
        Q(leader=actor) | Q(invitations__person=actor) | Q(leader__in=supervisees)
    ).distinct()


def perception_may_see_report(*, actor, survey: PerceptionSurvey) -> bool:
    if survey.leader_id == actor.pk or can(actor, "perception.view_any"):
        return True
    return Supervision.objects.current().filter(supervisor=actor, supervisee=survey.leader_id).exists()


def _two(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def perception_survey_is_open(survey: PerceptionSurvey) -> bool:
    return not survey.is_closed and survey.closes_on >= district_today()


@transaction.atomic
def perception_survey_close(*, actor, survey: PerceptionSurvey) -> PerceptionSurvey:
    """Close early (the leader); the report needs a closed survey."""
    if survey.leader_id != actor.pk:
        raise PermissionDenied("Only the leader who asked can close the survey.")
    if not survey.is_closed:
        survey.is_closed = True
        survey.save(update_fields=["is_closed"])
        audit(actor=actor, action="perception.closed", target=survey)
    return survey


def perception_report_for(*, actor, survey: PerceptionSurvey) -> dict | None:
    """The report as this actor may see it, or None when they may not see it at all.

    Staff answers show only in aggregate. The leader's own ratings are theirs: shown to
    the leader, and to their supervisor with the read audited; never to anyone else.
    """
    if not perception_may_see_report(actor=actor, survey=survey):
        return None
    is_supervisor = (
        Supervision.objects.current().filter(supervisor=actor, supervisee=survey.leader_id).exists()
    )
    include_self = survey.leader_id == actor.pk or is_supervisor
    report = perception_report(survey=survey, include_self=include_self)
    if include_self and survey.leader_id != actor.pk and report.get("self_assessment"):
        from assessments.models import SelfAssessment

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
    items = {
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
        }
        if own_round
        else {}
    )

    def line(key, label, own_values, staff_values):
        own_mean = _two(sum(own_values) / len(own_values)) if own_values else None
        staff_mean = _two(sum(staff_values) / len(staff_values)) if staff_values else None
        gap = None if own_mean is None or staff_mean is None else staff_mean - own_mean
        return {"key": key, "label": label, "self": own_mean, "staff": staff_mean, "gap": gap}

    indicators, by_competency, by_theme = [], defaultdict(lambda: ([], [])), defaultdict(lambda: ([], []))
    for pk, item in items.items():
        if item.kind != ItemKind.INDICATOR:
            continue
        staff_mean, own_value = staff.get(pk), own.get(pk)
        own_values = [own_value] if own_value is not None else []
        staff_values = [staff_mean] if staff_mean is not None else []
        indicators.append(line(item.code, item.statement, own_values, staff_values))
        competency = items.get(item.parent_id)
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
