"""One school's fifteen months of activity."""

import random

from core.roles import Role
from demo.scale.coaching import CoachingActivity
from demo.scale.credentials import CredentialActivity
from demo.scale.facts import DistrictFacts
from demo.scale.goals import GoalActivity
from demo.scale.self_assessments import SelfAssessmentActivity
from demo.scale.tables import Tables


class SchoolActivity(SelfAssessmentActivity, GoalActivity, CoachingActivity, CredentialActivity):
    """Fifteen months of one school's life, added to `tables`."""

    def __init__(self, district: DistrictFacts, tables: Tables, school, staff, supervisor_of, slug: str):
        self.d = district
        self.t = tables
        self.school = school
        self.rng = random.Random(f"lodestar-scale-{slug}-{school.code}")
        rng = self.rng
        self.principal = next(p for p, role, position in staff if position == "Principal")
        self.assistants = [
            p for p, role, position in staff if role == Role.SCHOOL_LEADER and p != self.principal
        ]
        self.coaches = [p for p, role, _ in staff if role == Role.COACH]
        self.teachers = [p for p, role, _ in staff if role == Role.TEACHER]
        self.leaders = [self.principal, *self.assistants]
        self.role = {p: role for p, role, _ in staff}
        self.supervisor_of = supervisor_of
        # A school's stage shows in its people: further along, a little more skilled and
        # a little more diligent about check-ins.
        stage = {"getting_started": -0.25, "moving_forward": 0.0, "sustaining": 0.25}.get(school.stage, 0)
        school_effect = stage + rng.gauss(0, 0.25)
        self.ability = {p: 1.3 + school_effect + rng.gauss(0, 0.45) for p, _, _ in staff}
        self.diligence = {p: min(max(0.68 + stage / 2 + rng.gauss(0, 0.12), 0.2), 0.97) for p, _, _ in staff}
        self.active_goal = {}  # person → (goal id, starts_on, due_on) of their current goal
