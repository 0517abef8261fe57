"""The people and records of the relationship matrix (test_relationship_matrix.py), made once
per module through the product's own services, the way the people themselves would make them.

Lincoln school: the owner (a teacher), her current coach (an open cycle), her former coach
(a cycle now closed), her principal (who supervises her). Elsewhere: another school's
principal. The central office, a district administrator, and two integration clients: one
holding `coaching:read`, one holding every other scope.
"""

import base64
import datetime
from types import SimpleNamespace
from urllib.parse import urlencode

from django.db import connection

from accounts.services import api_token_create
from assessments.models import Framework, Item, ItemKind
from assessments.self_assessment.services import (
    self_assessment_save,
    self_assessment_start,
    self_assessment_submit,
)
from coaching.cycles.services.feedback import feedback_give
from coaching.cycles.services.lifecycle import cycle_start, cycle_transition
from coaching.cycles.services.observations import observation_record
from coaching.models import CheckIn, Goal
from core.permissions import SCOPE_MATRIX
from core.roles import Role
from core.time import district_today
from integrations.services import integration_client_create
from notifications.models import Kind
from notifications.services import notify
from pathways.submissions.services import submission_start
from tests.factories import SchoolFactory, SupervisionFactory, person
from tests.pathways.factories import micro_credential

# Written into every private record: a reader who may see only the outline must never see it.
PRIVATE = "Only between us: the period-3 lesson fell apart"


def _goal(owner, statement):
    today = district_today()
    return Goal.objects.create(
        owner=owner, statement=statement, measure="% of talk", baseline=20, target=50,
        starts_on=today, due_on=today + datetime.timedelta(days=60), status="active",
    )  # fmt: skip


def _cycle(*, coach, coachee, goal, title):
    """A cycle in its feedback stage with one observation and one piece of feedback, both
    private to the two of them (not shared with the supervisor), and one open check-in."""
    today = district_today()
    cycle = cycle_start(
        actor=coach, coachee=coachee, title=title, starts_on=today,
        ends_on=today + datetime.timedelta(days=60), cadence="weekly", goal_ids=[goal.pk],
    )  # fmt: skip
    for step in ("observing", "feedback"):
        cycle = cycle_transition(actor=coach, cycle=cycle, to=step)
    observation = observation_record(
        actor=coach, observed=coachee, observed_on=today, kind="observation", notes=PRIVATE, cycle=cycle
    )
    feedback = feedback_give(actor=coach, strengths=PRIVATE, next_steps="More wait time", cycle=cycle)
    return SimpleNamespace(
        cycle=cycle,
        observation=observation,
        feedback=feedback,
        cycle_check_in=CheckIn.objects.create(cycle=cycle, owner=coachee, due_on=today),
        goal_check_in=CheckIn.objects.create(goal=goal, owner=coachee, due_on=today),
        goal=goal,
    )


def _self_assessment(owner, *, submit: bool):
    framework = Framework.objects.get(audience="educators", title__startswith="Lodestar")
    level = framework.levels.order_by("position").first()
    indicators = Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)
    draft = self_assessment_start(actor=owner, framework=framework)
    self_assessment_save(
        actor=owner,
        self_assessment=draft,
        ratings=[{"indicator": i.pk, "level": level.pk} for i in indicators],
        reflection=PRIVATE,
    )
    return self_assessment_submit(actor=owner, self_assessment=draft) if submit else draft


def client_access_token(district, scopes, name) -> str:
    """An access token for a new integration client, from the district's real token endpoint."""
    from tests.conftest import DistrictClient

    issued = integration_client_create(actor=None, name=name, scopes=scopes)
    http = DistrictClient(district)
    http._return_to = connection.tenant
    secret = base64.b64encode(f"{issued.client.client_id}:{issued.secret}".encode()).decode()
    response = http.generic(
        "POST",
        "/oauth/token/",
        urlencode({"grant_type": "client_credentials"}),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Basic {secret}",
    )
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def build_cast(district) -> SimpleNamespace:
    lincoln, elsewhere = SchoolFactory(name="Lincoln"), SchoolFactory(name="Elsewhere")
    owner = person(Role.TEACHER, lincoln, first_name="Olive", last_name="Owner")
    coach = person(Role.COACH, lincoln, first_name="Cora", last_name="Coach")
    former_coach = person(Role.COACH, lincoln, first_name="Fern", last_name="Former")
    supervisor = person(Role.SCHOOL_LEADER, lincoln, first_name="Pat", last_name="Principal")
    SupervisionFactory(supervisor=supervisor, supervisee=owner)
    people = {
        "owner": owner,
        "coach": coach,
        "former coach": former_coach,
        "supervisor": supervisor,
        "other principal": person(Role.SCHOOL_LEADER, elsewhere, first_name="Otto", last_name="Other"),
        "central office": person(Role.CENTRAL_OFFICE, first_name="Cyd", last_name="Central"),
        "admin": person(Role.DISTRICT_ADMIN, first_name="Ada", last_name="Admin"),
    }

    now = _cycle(coach=coach, coachee=owner, goal=_goal(owner, PRIVATE), title="Student talk")
    before = _cycle(coach=former_coach, coachee=owner, goal=_goal(owner, PRIVATE), title="Wait time")
    before.cycle = cycle_transition(actor=former_coach, cycle=before.cycle, to="reflecting")
    before.cycle = cycle_transition(actor=former_coach, cycle=before.cycle, to="closed", summary=PRIVATE)

    submission = submission_start(actor=owner, micro_credential=micro_credential())
    records = {
        "self-assessment": _self_assessment(owner, submit=True),
        "self-assessment draft": _self_assessment(owner, submit=False),
        "cycle check-in": now.cycle_check_in,
        "goal check-in": now.goal_check_in,
        "goal": now.goal,
        "cycle": now.cycle,
        "observation": now.observation,
        "feedback": now.feedback,
        "submission": submission,
        "notification": notify(recipient_id=owner.pk, kind=Kind.FEEDBACK_RECEIVED, title=PRIVATE),
        "token": api_token_create(actor=owner, name=PRIVATE[:40]).token,
    }
    # The former coach is asked about the same kind of record in the cycle she coached.
    closed_records = {
        "cycle check-in": before.cycle_check_in,
        "goal check-in": before.goal_check_in,
        "goal": before.goal,
        "cycle": before.cycle,
        "observation": before.observation,
        "feedback": before.feedback,
    }
    tokens = {name: api_token_create(actor=who, name="matrix").secret for name, who in people.items()}
    tokens["client coaching:read"] = client_access_token(district, ["coaching:read"], "Warehouse")
    others = [scope for scope in SCOPE_MATRIX if scope != "coaching:read"]
    tokens["client other scopes"] = client_access_token(district, others, "Everything else")
    return SimpleNamespace(
        people=people, records=records, closed_records=closed_records, tokens=tokens, submission=submission
    )
