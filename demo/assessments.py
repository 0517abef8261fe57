"""The demo's self-assessments, assessment window and staff perception survey."""

import datetime
import random

from accounts.models import User
from assessments.models import Framework, Item, ItemKind, SelfAssessment
from assessments.perception.services import (
    perception_respond,
    perception_survey_close,
    perception_survey_open,
)
from assessments.self_assessment.services import (
    self_assessment_save,
    self_assessment_start,
    self_assessment_submit,
)
from assessments.windows.services import window_open
from core.roles import Role
from core.time import district_today
from demo.districts import DemoDistrict


def seed_assessment_activity(spec: DemoDistrict) -> dict[str, int]:
    """Self-assessments, an open window and a staff perception survey for the demo people.

    Written through the services, as people would; skipped once the demo principal has
    rated themselves, so running again adds nothing.
    """
    principal = User.objects.filter(email=f"principal@{spec.email_domain}").first()
    if principal is None or SelfAssessment.objects.filter(person=principal).exists():
        return {}
    rng = random.Random(f"lodestar-assessments-{spec.slug}")
    leaders = Framework.objects.filter(title__startswith="Building 21", adoption_status="adopted").first()
    educators = Framework.objects.filter(audience="educators", adoption_status="adopted").first()
    if not (leaders and educators):
        return {}

    def rounds(person, framework, how_many):
        levels = list(framework.levels.order_by("position"))
        indicators = list(Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False))
        for growth in range(how_many):  # each later round a level higher
            draft = self_assessment_start(actor=person, framework=framework)
            ratings = [
                {"indicator": i.pk, "level": levels[min(len(levels) - 1, rng.randint(0, 2) + growth)].pk}
                for i in indicators
            ]
            self_assessment_save(actor=person, self_assessment=draft, ratings=ratings, reflection="")
            self_assessment_submit(actor=person, self_assessment=draft)

    counts = {"self-assessments": 0}
    school = principal.memberships.get(role=Role.SCHOOL_LEADER).school
    rounds(principal, leaders, 2)
    counts["self-assessments"] += 2
    staff = list(
        User.objects.filter(
            memberships__school=school, memberships__role=Role.TEACHER, memberships__is_active=True
        )
    )
    for teacher in staff[:6]:
        rounds(teacher, educators, 1 + (teacher.pk % 2))
        counts["self-assessments"] += 1 + (teacher.pk % 2)

    central = User.objects.filter(email=f"central@{spec.email_domain}").first()
    today = district_today()
    window_open(
        actor=central,
        framework=educators,
        title="Fall educator self-assessment",
        roles=[Role.TEACHER, Role.COACH],
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=20),
        reminder_days=[7, 1],
    )
    counts["windows"] = 1
    survey = perception_survey_open(
        actor=principal, framework=leaders, school=school, closes_on=today + datetime.timedelta(days=14)
    )
    indicators = list(Item.objects.filter(framework=leaders, kind=ItemKind.INDICATOR, is_retired=False))
    levels = list(leaders.levels.order_by("position"))
    for teacher in staff[:7]:
        perception_respond(
            actor=teacher,
            survey=survey,
            ratings=[{"indicator": i.pk, "level": levels[rng.randint(1, 3)].pk} for i in indicators],
        )
    perception_survey_close(actor=principal, survey=survey)  # the report needs a closed survey
    counts["perception answers"] = min(len(staff), 7)
    return counts
