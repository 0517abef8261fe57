"""What a client may read stays inside the privacy rules: aggregates stay aggregates, every
read of a private record is audited under the client's name, and a client's service user is
never one of the district's people."""

import datetime

import pytest
from django.core import mail

from assessments.models import Framework, SelfAssessment
from coaching.models import CoachingCycle, Goal
from core.models import AuditEvent
from core.roles import Role
from tests.factories import SchoolFactory, person
from tests.support import get, post, signed_in

pytestmark = pytest.mark.django_db


def test_aggregates_only_scope_cannot_read_an_individual_self_assessment(client_token, as_client):
    teacher = person(Role.TEACHER, SchoolFactory())
    framework = Framework.objects.get(title__startswith="Building 21")
    theirs = SelfAssessment.objects.create(person=teacher, framework=framework)
    http = as_client(client_token(["assessments:aggregate"]))
    assert http.get(f"/api/v1/self-assessments/{theirs.pk}/").status_code == 403
    assert http.get("/api/v1/self-assessments/").status_code == 403
    assert http.get(f"/api/v1/self-assessments/{theirs.pk}/results/").status_code == 403
    assert http.get(f"/api/v1/people/{teacher.pk}/profile/").status_code == 403
    summary = http.get("/api/v1/self-assessments/summary/", {"framework": framework.pk})
    assert summary.status_code == 200, summary.content


def test_even_every_scope_together_cannot_read_an_individual_self_assessment(client_token, as_client):
    from core.permissions import SCOPE_MATRIX

    teacher = person(Role.TEACHER, SchoolFactory())
    framework = Framework.objects.get(title__startswith="Building 21")
    theirs = SelfAssessment.objects.create(person=teacher, framework=framework)
    http = as_client(client_token(list(SCOPE_MATRIX)))
    assert http.get(f"/api/v1/self-assessments/{theirs.pk}/").status_code == 403


def _cycle():
    school = SchoolFactory()
    today = datetime.date.today()
    return CoachingCycle.objects.create(
        coach=person(Role.COACH, school), coachee=person(Role.TEACHER, school), title="Reading", starts_on=today,
        ends_on=today,
    )  # fmt: skip


def test_each_private_read_is_audited_with_the_client_as_actor(make_client, token_response, as_client):
    client, secret = make_client(["coaching:read"], name="District data warehouse")
    http = as_client(token_response(client.client_id, secret).json()["access_token"])
    cycle = _cycle()
    assert http.get(f"/api/v1/coaching-cycles/{cycle.pk}/").status_code == 200
    today = datetime.date.today()
    goal = Goal.objects.create(
        owner=cycle.coachee, status="active", statement="G", measure="M", baseline=0, target=1,
        starts_on=today, due_on=today + datetime.timedelta(days=30),
    )  # fmt: skip
    assert http.get(f"/api/v1/goals/{goal.pk}/").status_code == 200
    rows = AuditEvent.objects.filter(actor=client.service_user).order_by("id")
    assert [(row.action, row.target_id) for row in rows] == [
        ("cycle.read", str(cycle.pk)),
        ("goal.read", str(goal.pk)),
    ]
    assert rows[0].actor.full_name == "District data warehouse"


def test_coaching_scope_does_not_open_people_records(client_token, as_client):
    http = as_client(client_token(["coaching:read"]))
    assert http.get("/api/v1/people/").status_code == 403


def test_service_users_are_never_listed_among_people(make_client, client_token, as_client, api, client):
    integration, _secret = make_client(["roster:read"], name="Zzz Roster sync")
    admin = person(Role.DISTRICT_ADMIN)
    listed = api(admin).get("/api/v1/people/", {"page_size": 200}).json()
    assert integration.service_user.pk not in {row["id"] for row in listed["results"]}
    assert api(admin).get(f"/api/v1/people/{integration.service_user.pk}/").status_code == 404
    # ...nor to the client itself, whose own user is not a person either.
    seen = as_client(client_token(["roster:read"])).get("/api/v1/people/", {"page_size": 200}).json()
    assert admin.pk in {row["id"] for row in seen["results"]}
    assert integration.service_user.pk not in {row["id"] for row in seen["results"]}
    page = get(signed_in(client, admin), "/people/?q=Zzz")
    assert page.status_code == 200
    assert b"Zzz Roster sync" not in page.content


def test_service_users_cannot_join_the_reviewer_pool(make_client):
    from pathways.reviews.selectors import reviewer_candidates_for_actor

    integration, _secret = make_client(["roster:read"])
    candidates = reviewer_candidates_for_actor(actor=person(Role.DISTRICT_ADMIN))
    assert integration.service_user not in candidates


def test_service_users_cannot_sign_in_or_get_a_password(make_client, client):
    integration, _secret = make_client(["roster:read"])
    user = integration.service_user
    assert not user.has_usable_password()
    # Even with a password set behind the product's back, the sign-in page refuses.
    user.set_password("correct-horse-battery")
    user.save()
    response = post(client, "/accounts/login/", {"username": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 200
    assert b"do not match" in response.content
    post(client, "/accounts/password-reset/", {"email": user.email})
    assert mail.outbox == []
