import pytest

from coaching.models import CheckIn, CheckInStatus, CycleStatus
from core.roles import Role
from tests.coaching.checkins.test_checkin_dispatch import active_goal, coaching_cycle
from tests.factories import SchoolFactory, SupervisionFactory, person
from tests.support import days


class World:
    """A school with its principal (who supervises the teacher), a coach coaching the
    teacher in an open cycle, a colleague; the teacher's active goal with one overdue
    and one answered check-in, and an overdue check-in on the cycle."""

    def __init__(self):
        self.school = SchoolFactory()
        self.principal = person(
            Role.SCHOOL_LEADER, school=self.school, first_name="Paula", last_name="Prince"
        )
        self.teacher = person(Role.TEACHER, school=self.school, first_name="Theo", last_name="Park")
        self.colleague = person(Role.TEACHER, school=self.school)
        self.coach = person(Role.COACH, school=self.school)
        SupervisionFactory(supervisor=self.principal, supervisee=self.teacher)
        self.goal = active_goal(self.teacher, anchor=days(-40), statement="Every student reads daily")
        self.cycle = coaching_cycle(self.coach, self.teacher, anchor=days(-30), title="Questioning cycle")
        self.overdue = CheckIn.objects.create(
            goal=self.goal, owner=self.teacher, due_on=days(-3), status=CheckInStatus.OVERDUE
        )
        self.answered = CheckIn.objects.create(
            goal=self.goal, owner=self.teacher, due_on=days(-10), status=CheckInStatus.COMPLETED,
            progress_rating=4,
        )  # fmt: skip
        self.cycle_overdue = CheckIn.objects.create(
            cycle=self.cycle, owner=self.teacher, due_on=days(-2), status=CheckInStatus.OVERDUE
        )

    def close_cycle(self):
        self.cycle.status = CycleStatus.CLOSED
        self.cycle.save(update_fields=["status"])


@pytest.fixture
def world():
    return World()
