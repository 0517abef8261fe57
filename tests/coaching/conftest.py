"""Fixtures shared by the coaching areas' tests: `world` serves the cycles and calendar
tests and the app-wide test of coaching/relations.py (test_coaching_access_ends.py)."""

from types import SimpleNamespace

import pytest

from core.roles import Role
from tests.factories import SchoolFactory, SupervisionFactory, person


@pytest.fixture
def world():
    """Lincoln school: a coach, a teacher (the coachee), the teacher's principal and a
    colleague. Elsewhere: another school with its own coach and principal, the central
    office, a principal supervisor (central office) supervising Lincoln's principal, and
    a district administrator."""
    school, elsewhere = SchoolFactory(name="Lincoln"), SchoolFactory(name="Elsewhere")
    coach = person(Role.COACH, school, first_name="Cora", last_name="Coach")
    teacher = person(Role.TEACHER, school, first_name="Tess", last_name="Teacher")
    principal = person(Role.SCHOOL_LEADER, school, first_name="Pat", last_name="Principal")
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    principal_supervisor = person(Role.CENTRAL_OFFICE, first_name="Sam", last_name="Supervisor")
    SupervisionFactory(supervisor=principal_supervisor, supervisee=principal)
    return SimpleNamespace(
        school=school,
        elsewhere=elsewhere,
        coach=coach,
        teacher=teacher,
        principal=principal,
        colleague=person(Role.TEACHER, school),
        other_coach=person(Role.COACH, elsewhere),
        other_principal=person(Role.SCHOOL_LEADER, elsewhere),
        central=person(Role.CENTRAL_OFFICE),
        principal_supervisor=principal_supervisor,
        admin=person(Role.DISTRICT_ADMIN),
    )
