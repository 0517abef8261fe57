"""Writes about staff perception surveys: open one, answer one (once, anonymously), close it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from assessments.models import (
    Audience,
    Framework,
    Item,
    ItemKind,
    Level,
    PerceptionInvitation,
    PerceptionRating,
    PerceptionResponse,
    PerceptionSurvey,
)
from assessments.perception.rules import may_ask_staff_of, may_close
from core.audit import audit
from core.roles import Role
from core.time import district_today
from schools.models import Membership, School

STAFF_ROLES = (Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER)


@transaction.atomic
def perception_survey_open(
    *, actor: User, framework: Framework, school: School, closes_on: datetime.date
) -> PerceptionSurvey:
    """A school leader invites the school's current staff (not themselves) to rate them."""
    if not may_ask_staff_of(actor=actor, school=school):
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
def perception_respond(*, actor: User, survey: PerceptionSurvey, ratings: list[dict]) -> None:
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


@transaction.atomic
def perception_survey_close(*, actor: User, survey: PerceptionSurvey) -> PerceptionSurvey:
    """Close early (the leader); the report needs a closed survey."""
    if not may_close(actor=actor, survey=survey):
        raise PermissionDenied("Only the leader who asked can close the survey.")
    if not survey.is_closed:
        survey.is_closed = True
        survey.save(update_fields=["is_closed"])
        audit(actor=actor, action="perception.closed", target=survey)
    return survey
