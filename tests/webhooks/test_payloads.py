"""Payloads carry ids, links and what changed, never private text (notes, reflections,
feedback), unless the endpoint was registered by an integration client holding the scope
that may read it (`coaching:read`)."""

from types import SimpleNamespace

import pytest

from core.roles import Role
from tests.coaching.cycles.test_cycles import advance, start
from tests.factories import SchoolFactory, person
from webhooks.catalogue import EVENT_TYPES

pytestmark = pytest.mark.django_db

STRENGTHS = "Every student answered at least once."
NEXT_STEPS = "Wait thirty seconds before calling on anyone."
REFLECTION = "I rushed; I will wait."


def feedback_round(world, api, capture):
    cycle = start(api(world.coach), world.teacher)
    advance(api(world.coach), cycle["id"], "feedback")
    with capture(execute=True):
        given = api(world.coach).post(
            "/api/v1/feedback/",
            {"cycle": cycle["id"], "strengths": STRENGTHS, "next_steps": NEXT_STEPS},
            format="json",
        )
        assert given.status_code == 201, given.content
    with capture(execute=True):
        path = f"/api/v1/feedback/{given.json()['id']}/acknowledge/"
        assert api(world.teacher).post(path, {"reflection": REFLECTION}, format="json").status_code == 200
    return given.json()


FEEDBACK_TYPES = ["feedback.given", "feedback.acknowledged"]


@pytest.fixture
def world():
    """A coach and the teacher she coaches, at one school."""
    school = SchoolFactory()
    return SimpleNamespace(coach=person(Role.COACH, school), teacher=person(Role.TEACHER, school))


def test_an_administrators_endpoint_gets_ids_and_links_but_no_private_text(
    world, api, endpoint, receiver, django_capture_on_commit_callbacks
):
    target = endpoint("ok", event_types=FEEDBACK_TYPES)
    feedback = feedback_round(world, api, django_capture_on_commit_callbacks)
    got = [r.payload for r in receiver.at(*target.receiver_path)]
    assert [p["type"] for p in got] == FEEDBACK_TYPES
    for payload in got:
        data = payload["data"]
        assert data["feedback"] == feedback["id"] and data["recipient"] == world.teacher.pk
        assert data["links"]["feedback"].endswith(f"/api/v1/feedback/{feedback['id']}/")
        assert "private" not in data
        body = str(payload)
        assert STRENGTHS not in body and NEXT_STEPS not in body and REFLECTION not in body


def test_a_client_with_coaching_read_gets_the_private_text(
    world, api, endpoint, receiver, django_capture_on_commit_callbacks
):
    client_auth = SimpleNamespace(scope="webhooks:manage coaching:read")
    target = endpoint("ok", event_types=FEEDBACK_TYPES, auth=client_auth)
    assert target.owner_scopes == ["coaching:read", "webhooks:manage"]
    feedback_round(world, api, django_capture_on_commit_callbacks)
    given, acknowledged = (r.payload["data"] for r in receiver.at(*target.receiver_path))
    assert given["private"] == {"strengths": STRENGTHS, "next_steps": NEXT_STEPS}
    assert acknowledged["private"] == {"reflection": REFLECTION}


def test_a_client_without_coaching_read_does_not(
    world, api, endpoint, receiver, django_capture_on_commit_callbacks
):
    target = endpoint("ok", event_types=FEEDBACK_TYPES, auth=SimpleNamespace(scopes=["webhooks:manage"]))
    feedback_round(world, api, django_capture_on_commit_callbacks)
    assert all("private" not in r.payload["data"] for r in receiver.at(*target.receiver_path))


def test_every_event_type_in_the_catalogue_is_documented():
    from pathlib import Path

    from django.conf import settings

    docs = (Path(settings.BASE_DIR) / "docs" / "integrations" / "webhooks.md").read_text()
    missing = [name for name in EVENT_TYPES if f"`{name}`" not in docs]
    assert not missing, f"docs/integrations/webhooks.md does not describe {missing}"
