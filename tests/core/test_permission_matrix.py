"""The permission matrix, row by row, observed through the API.

EXPECTED is written out by hand, independently of core.permissions.MATRIX, so that a
change to the matrix that nobody meant fails here.
"""

import pytest

from core.permissions import MATRIX, Scope
from core.roles import Role
from tests.assessments.case.test_case_exchange import golden
from tests.dashboards.observers import DASHBOARD_OBSERVERS
from tests.factories import SchoolFactory, SupervisionFactory, person, token_for
from tests.pathways.observers import PATHWAYS_OBSERVERS
from tests.rostering.observers import observe_roster_import


def golden_package():
    return golden("1.1")


pytestmark = pytest.mark.django_db

T, C, L, CO, A, NO = (
    Role.TEACHER,
    Role.COACH,
    Role.SCHOOL_LEADER,
    Role.CENTRAL_OFFICE,
    Role.DISTRICT_ADMIN,
    None,
)
D, S, OWN, N = Scope.DISTRICT, Scope.SCHOOL, Scope.SELF, Scope.NONE

EXPECTED = {
    # action: {role: scope}; NO = a signed-in person with no current role
    "district.member": {T: D, C: D, L: D, CO: D, A: D, NO: N},
    "school.view": {T: D, C: D, L: D, CO: D, A: D, NO: N},
    "school.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "person.view": {T: S, C: S, L: S, CO: D, A: D, NO: OWN},
    "person.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "membership.view": {T: S, C: S, L: S, CO: D, A: D, NO: OWN},
    "membership.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "supervision.view": {T: OWN, C: OWN, L: S, CO: D, A: D, NO: OWN},
    "supervision.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "token.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "framework.view": {T: D, C: D, L: D, CO: D, A: D, NO: N},
    "framework.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "self_assessment.view_any": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "window.manage": {T: N, C: N, L: N, CO: D, A: D, NO: N},
    "window.completion": {T: N, C: N, L: S, CO: D, A: D, NO: N},
    "perception.view_any": {T: N, C: N, L: N, CO: D, A: D, NO: N},
    "self_assessment.aggregate": {T: N, C: N, L: N, CO: D, A: D, NO: N},
    "check_in.view_any": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "policy.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "goal.school_manage": {T: N, C: N, L: S, CO: N, A: D, NO: N},
    "goal.view_school": {T: S, C: S, L: S, CO: D, A: D, NO: N},
    "goal.view_any": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "coaching.lead": {T: N, C: S, L: S, CO: D, A: N, NO: N},
    "coaching.view_any": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "catalog.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "review.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "review.stats": {T: N, C: N, L: N, CO: D, A: D, NO: N},
    "submission.view_any": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "credential.view_any": {T: N, C: N, L: N, CO: D, A: D, NO: N},
    "credential.revoke": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "enrollment.manage_any": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "enrollment.view_any": {T: N, C: N, L: N, CO: D, A: D, NO: N},
    "pipeline.view": {T: N, C: N, L: N, CO: D, A: D, NO: N},
    "dashboard.district": {T: N, C: N, L: N, CO: D, A: D, NO: N},
    "dashboard.school": {T: N, C: N, L: S, CO: D, A: D, NO: N},
    "roadmap.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "roster.import": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "webhook.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "integration_client.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "identity_provider.manage": {T: N, C: N, L: N, CO: N, A: D, NO: N},
    "two_factor.enrol": {T: N, C: N, L: N, CO: N, A: D, NO: N},
}
ROWS = [(action, role, scope) for action, row in EXPECTED.items() for role, scope in row.items()]


def test_every_action_in_the_matrix_is_tested():
    assert set(MATRIX) == set(EXPECTED)


@pytest.fixture
def world():
    """School A (the actor's) and school B, a colleague at A, a stranger at B, and
    supervision links inside each school that do not involve the actor."""
    school_a, school_b = SchoolFactory(), SchoolFactory()
    colleague = person(Role.TEACHER, school_a)
    a_leader = person(Role.SCHOOL_LEADER, school_a)
    stranger = person(Role.TEACHER, school_b)
    b_leader = person(Role.SCHOOL_LEADER, school_b)
    return {
        "school_a": school_a,
        "school_b": school_b,
        "colleague": colleague,
        "stranger": stranger,
        "a_link": SupervisionFactory(supervisor=a_leader, supervisee=colleague),
        "b_link": SupervisionFactory(supervisor=b_leader, supervisee=stranger),
    }


def _ids(client, path):
    response = client.get(path, {"page_size": 200})
    if response.status_code == 403:
        return None
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def observe_read(action, client, actor, world, own_link):
    """The scope the API actually grants for a view action."""
    if action == "roster.import":
        return observe_roster_import(client)
    if action == "two_factor.enrol":
        from django.core.exceptions import PermissionDenied

        from accounts.two_factor.services import totp_enrol_start

        try:
            totp_enrol_start(actor=actor)
        except PermissionDenied:
            return N
        return D
    if action.startswith("coaching."):
        return observe_coaching(action, client, actor, world)
    if action == "check_in.view_any":
        return observe_check_in(client, world)
    if action.startswith("goal."):
        return observe_goal(action, client, world)
    if action in ("window.manage", "window.completion"):
        return observe_window(action, client, world)
    if action == "self_assessment.aggregate":
        from assessments.models import Framework

        framework = Framework.objects.get(title__startswith="Building 21")
        response = client.get("/api/v1/self-assessments/summary/", {"framework": framework.pk})
        assert response.status_code in (200, 403, 400), response.content
        return D if response.status_code == 200 else N
    if action == "perception.view_any":
        import datetime

        from assessments.models import Framework, PerceptionSurvey

        survey = PerceptionSurvey.objects.create(
            leader=person(Role.SCHOOL_LEADER, world["school_b"]),
            school=world["school_b"],
            framework=Framework.objects.get(title__startswith="Building 21"),
            closes_on=datetime.date.today() + datetime.timedelta(days=9),
        )
        response = client.get(f"/api/v1/perception-surveys/{survey.pk}/report/")
        assert response.status_code in (200, 404), response.content
        return D if response.status_code == 200 else N
    if action == "self_assessment.view_any":
        from assessments.models import Framework, SelfAssessment

        theirs = SelfAssessment.objects.create(person=world["stranger"], framework=Framework.objects.first())
        response = client.get(f"/api/v1/self-assessments/{theirs.pk}/")
        assert response.status_code in (200, 404), response.content
        return D if response.status_code == 200 else N
    if action == "framework.view":
        response = client.get("/api/v1/frameworks/")
        return N if response.status_code == 403 else D
    if action == "school.view":
        ids = _ids(client, "/api/v1/schools/")
        if ids is None or not ids:
            return N
        return D if {world["school_a"].pk, world["school_b"].pk} <= ids else S
    if action == "person.view":
        ids = _ids(client, "/api/v1/people/")
        far, near, me = world["stranger"].pk, world["colleague"].pk, actor.pk
    elif action == "membership.view":
        ids = _ids(client, "/api/v1/memberships/")
        memberships = {p: p.memberships.get().pk for p in (world["stranger"], world["colleague"])}
        far, near = memberships[world["stranger"]], memberships[world["colleague"]]
        me = actor.memberships.first().pk if actor.memberships.exists() else None
    else:
        ids = _ids(client, "/api/v1/supervisions/")
        far, near, me = world["b_link"].pk, world["a_link"].pk, own_link.pk
    if ids is None:
        return N
    if far in ids:
        return D
    if near in ids:
        return S
    if me in ids or (action == "membership.view" and me is None and ids == set()):
        return OWN
    return N


def observe_window(action, client, world):
    """Open a window (manage), or read completion: all schools (district) or only your
    own school (school)."""
    import datetime

    from assessments.models import AssessmentWindow, Framework

    educators = Framework.objects.get(audience="educators", title__startswith="Lodestar")
    today = datetime.date.today()
    if action == "window.manage":
        body = {"framework": educators.pk, "title": "W", "roles": ["teacher"], "opens_on": str(today),
                "closes_on": str(today + datetime.timedelta(days=5))}  # fmt: skip
        response = client.post("/api/v1/assessment-windows/", body, format="json")
        assert response.status_code in (201, 400, 403), response.content
        return D if response.status_code == 201 else N
    for _ in range(5):  # enough people in each school that nothing is suppressed
        person(Role.TEACHER, world["school_a"])
        person(Role.TEACHER, world["school_b"])
    window = AssessmentWindow.objects.create(
        framework=educators, title="W", roles=["teacher"], opens_on=today, closes_on=today
    )
    response = client.get(f"/api/v1/assessment-windows/{window.pk}/completion/")
    if response.status_code != 200:
        return N
    schools = {row["school"] for row in response.json()["results"]}
    return D if world["school_b"].pk in schools else S if world["school_a"].pk in schools else N


def observe_goal(action, client, world):
    """Writing a school goal for your own school (SCHOOL) or any school (DISTRICT); seeing
    the school goals of your school or of every school; seeing a stranger's personal goal."""
    import datetime

    from coaching.models import Goal

    today = datetime.date.today()
    dates = {"starts_on": today - datetime.timedelta(days=10), "due_on": today + datetime.timedelta(days=30)}

    def goal_of(owner, school=None):
        kind = "school" if school else "personal"
        return Goal.objects.create(
            owner=owner, kind=kind, school=school, status="active", statement="G", measure="M", baseline=0,
            target=1, **dates,
        )  # fmt: skip

    if action == "goal.school_manage":

        def writes(school):
            body = {"kind": "school", "school": school.pk, "statement": "G", "measure": "M", "baseline": "0",
                    "target": "1", **{k: str(v) for k, v in dates.items()}}  # fmt: skip
            response = client.post("/api/v1/goals/", body, format="json")
            # Without any role the school itself is out of sight: a 400 on `school`.
            assert response.status_code in (201, 400, 403), response.content
            return response.status_code == 201

        return D if writes(world["school_b"]) else S if writes(world["school_a"]) else N
    if action == "goal.view_school":
        near = goal_of(world["a_link"].supervisor, world["school_a"])
        far = goal_of(world["b_link"].supervisor, world["school_b"])
        ids = _ids(client, "/api/v1/goals/")
        return D if far.pk in ids else S if near.pk in ids else N
    theirs = goal_of(world["stranger"])
    response = client.get(f"/api/v1/goals/{theirs.pk}/")
    assert response.status_code in (200, 404), response.content
    return D if response.status_code == 200 else N


def observe_check_in(client, world):
    """Reading a check-in of a stranger (no coaching, no supervision link): everyone's
    (DISTRICT) or none beyond your own relationships (NONE)."""
    import datetime

    from coaching.models import CheckIn, Goal

    today = datetime.date.today()
    goal = Goal.objects.create(
        owner=world["stranger"], status="active", statement="G", measure="M", baseline=0, target=1,
        starts_on=today - datetime.timedelta(days=10), due_on=today + datetime.timedelta(days=30),
    )  # fmt: skip
    theirs = CheckIn.objects.create(goal=goal, owner=world["stranger"], due_on=today)
    response = client.get(f"/api/v1/check-ins/{theirs.pk}/")
    assert response.status_code in (200, 404), response.content
    listed = _ids(client, "/api/v1/check-ins/")
    assert (theirs.pk in (listed or set())) == (response.status_code == 200)
    return D if response.status_code == 200 else N


def observe_coaching(action, client, actor, world):
    """coaching.lead: starting a cycle with a school leader of another school (DISTRICT:
    the central office), or else with a teacher of your own school whom you coach or
    supervise (SCHOOL), or with nobody (NONE). coaching.view_any: reading a cycle between
    two strangers."""
    import datetime

    from coaching.models import CoachingCycle

    today = datetime.date.today()
    if action == "coaching.view_any":
        theirs = CoachingCycle.objects.create(
            coach=person(Role.COACH, world["school_b"]), coachee=world["stranger"], title="C",
            starts_on=today, ends_on=today,
        )  # fmt: skip
        response = client.get(f"/api/v1/coaching-cycles/{theirs.pk}/")
        assert response.status_code in (200, 404), response.content
        return D if response.status_code == 200 else N

    def starts(coachee):
        body = {"coachee": coachee.pk, "title": "C", "starts_on": str(today), "ends_on": str(today)}
        response = client.post("/api/v1/coaching-cycles/", body, format="json")
        # A coachee out of sight, or one you may not coach: 400 on `coachee`.
        assert response.status_code in (201, 400, 403), response.content
        return response.status_code == 201

    if starts(world["b_link"].supervisor):
        return D
    SupervisionFactory(supervisor=actor, supervisee=world["colleague"])
    return S if starts(world["colleague"]) else N


def observe_manage(action, client, world):
    """Whether a valid create request is accepted (DISTRICT) or refused (NONE)."""
    if action == "window.manage":
        return observe_window(action, client, world)
    someone = person()
    payloads = {
        "school.manage": ("/api/v1/schools/", {"name": "New School", "code": "NEW1", "grade_band": "high"}),
        "person.manage": (
            "/api/v1/people/",
            {"email": "new.person@example.org", "first_name": "New", "last_name": "Person"},
        ),
        "membership.manage": (
            "/api/v1/memberships/",
            {"person": someone.pk, "role": "teacher", "school": world["school_b"].pk},
        ),
        "supervision.manage": (
            "/api/v1/supervisions/",
            {"supervisor": world["colleague"].pk, "supervisee": someone.pk},
        ),
        "integration_client.manage": (
            "/api/v1/integration-clients/",
            {"name": "SIS", "scopes": ["roster:read"]},
        ),
        "identity_provider.manage": (
            "/api/v1/identity-providers/",
            {"kind": "google", "client_id": "c", "client_secret": "s", "allowed_domains": ["example.org"]},
        ),
    }
    if action == "framework.manage":
        response = client.post("/api/v1/frameworks/import/", {"package": golden_package()}, format="json")
        assert response.status_code in (201, 403), response.content
        return D if response.status_code == 201 else N
    if action == "policy.manage":
        response = client.patch("/api/v1/district-policy/", {"check_in_escalation_days": 9}, format="json")
        assert response.status_code in (200, 403), response.content
        return D if response.status_code == 200 else N
    if action == "token.manage":
        others = token_for(world["colleague"]) and world["colleague"].api_tokens.get()
        response = client.delete(f"/api/v1/tokens/{others.pk}/")
        assert response.status_code in (204, 404), response.content
        return D if response.status_code == 204 else N
    if action == "webhook.manage":
        response = client.post(
            "/api/v1/webhook-endpoints/", {"url": "https://93.184.215.14/h"}, format="json"
        )
        assert response.status_code in (201, 403), response.content
        return D if response.status_code == 201 else N
    path, body = payloads[action]
    response = client.post(path, body, format="json")
    assert response.status_code in (201, 403), response.content
    return D if response.status_code == 201 else N


@pytest.mark.parametrize(("action", "role", "scope"), ROWS, ids=[f"{a}-{r or 'none'}" for a, r, _ in ROWS])
def test_permission_matrix_row(action, role, scope, world, api):
    actor = person(role, world["school_a"]) if role else person()
    own_link = SupervisionFactory(supervisor=person(), supervisee=actor)
    client = api(actor)
    if action in PATHWAYS_OBSERVERS:
        observed = PATHWAYS_OBSERVERS[action](client, actor, world)
    elif action in DASHBOARD_OBSERVERS:
        observed = DASHBOARD_OBSERVERS[action](client, actor, world)
    elif action.endswith(".manage"):
        observed = observe_manage(action, client, world)
    else:
        observed = observe_read(action, client, actor, world, own_link)
    assert observed == scope, f"{role or 'no role'} should have {scope.name} for {action}"


@pytest.mark.parametrize("role", [T, C, L, CO])
def test_detail_of_an_invisible_person_answers_404_not_403(role, world, api):
    actor = person(role, world["school_a"])
    hidden = person()  # no membership anywhere: outside every scope but the district's
    response = api(actor).get(f"/api/v1/people/{hidden.pk}/")
    expected = 200 if role == CO else 404
    assert response.status_code == expected


def test_deactivated_schools_are_listed_only_for_district_admins(api):
    closed = SchoolFactory(is_active=False)
    admin, teacher = person(A), person(T)
    assert closed.pk in _ids(api(admin), "/api/v1/schools/")
    assert closed.pk not in _ids(api(teacher), "/api/v1/schools/")
