"""Feedback through the API: given in a cycle, on an observation or on its own; strengths
and next steps required; acknowledged once by its recipient with a reflection; shared with
the supervisor only by the coachee."""

import pytest
from django.urls import reverse

from coaching.models import Feedback
from core.models import AuditEvent
from core.time import district_today
from notifications.models import Kind, Notification
from tests.coaching.cycles.test_cycles import advance, error_fields, live_indicators, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(world, api):
    created = start(api(world.coach), world.teacher)
    advance(api(world.coach), created["id"], "feedback")
    return created


def give(client, **body):
    return client.post("/api/v1/feedback/", body, format="json")


def test_feedback_in_a_cycle_is_acknowledged_by_the_coachee_with_a_reflection(world, api, cycle):
    indicators = live_indicators(n=2)
    given = give(
        api(world.coach),
        cycle=cycle["id"],
        strengths="Every student answered at least once.",
        next_steps="Give thirty seconds of think time before calling on anyone.",
        indicators=[i.pk for i in indicators],
    )
    assert given.status_code == 201, given.content
    body = given.json()
    assert body["recipient"] == {"id": world.teacher.pk, "name": "Tess Teacher"}
    assert body["author"]["id"] == world.coach.pk and body["acknowledged_at"] is None
    assert [i["id"] for i in body["indicators"]] == [i.pk for i in indicators]
    received = Notification.objects.get(recipient=world.teacher, kind=Kind.FEEDBACK_RECEIVED)
    assert received.url == reverse("coaching:feedback-detail", args=[body["id"]])

    path = f"/api/v1/feedback/{body['id']}/acknowledge/"
    assert api(world.coach).post(path, {"reflection": "x"}, format="json").status_code == 403
    acknowledged = api(world.teacher).post(path, {"reflection": "I rushed; I will wait."}, format="json")
    assert acknowledged.status_code == 200, acknowledged.content
    assert (
        acknowledged.json()["acknowledged_at"]
        and acknowledged.json()["reflection"] == "I rushed; I will wait."
    )
    told = Notification.objects.get(recipient=world.coach, kind=Kind.FEEDBACK_ACKNOWLEDGED)
    assert "Tess Teacher" in told.title
    again = api(world.teacher).post(path, {"reflection": "Changed my mind"}, format="json")
    assert again.status_code == 400 and "acknowledged_at" in error_fields(again)
    assert Feedback.objects.get(pk=body["id"]).reflection == "I rushed; I will wait."
    assert AuditEvent.objects.filter(action="feedback.acknowledged", target_id=str(body["id"])).count() == 1


def test_strengths_and_next_steps_are_both_required(world, api, cycle):
    coach = api(world.coach)
    for body, field in (({"next_steps": "b"}, "strengths"), ({"strengths": "a"}, "next_steps"),
                        ({"strengths": " ", "next_steps": "b"}, "strengths"),
                        ({"strengths": "a", "next_steps": "   "}, "next_steps")):  # fmt: skip
        response = give(coach, cycle=cycle["id"], **body)
        assert response.status_code == 400 and field in error_fields(response), body
    assert not Feedback.objects.exists()


def test_only_the_coach_gives_feedback_in_a_cycle_and_only_to_the_coachee(world, api, cycle):
    body = {"cycle": cycle["id"], "strengths": "a", "next_steps": "b"}
    assert give(api(world.teacher), **body).status_code == 403
    assert give(api(world.principal), **body).status_code == 403
    wrong = give(api(world.coach), **body, recipient=world.colleague.pk)
    assert wrong.status_code == 400 and "recipient" in error_fields(wrong)


def test_feedback_on_an_observation_goes_from_the_observer_to_the_observed(world, api):
    observation = api(world.coach).post(
        "/api/v1/observations/",
        {"observed": world.colleague.pk, "observed_on": str(district_today()), "kind": "walkthrough"},
        format="json",
    )
    observation_id = observation.json()["id"]
    given = give(
        api(world.coach), observation=observation_id, strengths="Clear goals", next_steps="Exit tickets"
    )
    assert given.status_code == 201, given.content
    assert (
        given.json()["recipient"]["id"] == world.colleague.pk
        and given.json()["observation"] == observation_id
    )
    # The colleague's principal does not supervise them here, and cannot see the observation.
    by_other = give(api(world.principal), observation=observation_id, strengths="a", next_steps="b")
    assert by_other.status_code == 400 and "observation" in error_fields(by_other)


def test_feedback_in_a_cycle_may_name_one_of_its_observations_but_not_anothers(world, api, cycle):
    coach = api(world.coach)
    today = str(district_today())
    inside = coach.post(
        "/api/v1/observations/", {"cycle": cycle["id"], "observed": world.teacher.pk, "observed_on": today},
        format="json",
    ).json()  # fmt: skip
    outside = coach.post(
        "/api/v1/observations/", {"observed": world.teacher.pk, "observed_on": today}, format="json"
    )
    ok = give(coach, cycle=cycle["id"], observation=inside["id"], strengths="a", next_steps="b")
    assert ok.status_code == 201 and ok.json()["observation"] == inside["id"]
    refused = give(coach, cycle=cycle["id"], observation=outside.json()["id"], strengths="a", next_steps="b")
    assert refused.status_code == 400 and "observation" in error_fields(refused)
    through_observation = give(coach, observation=inside["id"], strengths="a", next_steps="b")
    assert through_observation.json()["cycle"] == cycle["id"], (
        "feedback on a cycle's observation is in the cycle"
    )


def test_feedback_on_its_own_needs_someone_who_may_coach_the_recipient(world, api):
    ok = give(api(world.principal), recipient=world.teacher.pk, strengths="a", next_steps="b")
    assert ok.status_code == 201 and ok.json()["cycle"] is None
    refused = give(api(world.principal), recipient=world.colleague.pk, strengths="a", next_steps="b")
    assert refused.status_code == 400 and "recipient" in error_fields(refused)
    assert (
        give(api(world.colleague), recipient=world.teacher.pk, strengths="a", next_steps="b").status_code
        == 403
    )
    nobody = give(api(world.coach), strengths="a", next_steps="b")
    assert nobody.status_code == 400 and "recipient" in error_fields(nobody)
    oneself = give(api(world.coach), recipient=world.coach.pk, strengths="a", next_steps="b")
    assert oneself.status_code == 400 and "recipient" in error_fields(oneself)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"indicators": [999_999_999]}, "indicators"),
        ({"indicators": ["x"]}, "indicators"),
        ({"strengths": "x" * 20_001}, "strengths"),
        ({"cycle": "one"}, "cycle"),
        ({"observation": 999_999_999}, "observation"),
        ({"recipient": -3}, "recipient"),
        ({"acknowledged_at": "2025-01-01T00:00:00Z"}, "acknowledged_at"),
    ],
)
def test_bad_feedback_input_is_a_400_naming_the_field(world, api, cycle, change, field):
    response = give(
        api(world.coach), **({"cycle": cycle["id"], "strengths": "a", "next_steps": "b"} | change)
    )
    assert response.status_code == 400, response.content
    assert field in error_fields(response)


def test_a_competency_is_not_an_indicator_for_feedback(world, api, cycle):
    competency = live_indicators(n=1)[0].parent
    response = give(
        api(world.coach), cycle=cycle["id"], strengths="a", next_steps="b", indicators=[competency.pk]
    )
    assert response.status_code == 400 and "indicators" in error_fields(response)


def test_only_the_coachee_shares_feedback_with_their_supervisor(world, api, cycle):
    given = give(api(world.coach), cycle=cycle["id"], strengths="a", next_steps="b").json()
    path = f"/api/v1/feedback/{given['id']}/share/"
    assert api(world.coach).post(path, {"shared": True}, format="json").status_code == 403
    assert api(world.principal).get(f"/api/v1/feedback/{given['id']}/").status_code == 404
    shared = api(world.teacher).post(path, {"shared": True}, format="json")
    assert shared.status_code == 200 and shared.json()["shared_with_supervisor"] is True
    assert api(world.principal).get(f"/api/v1/feedback/{given['id']}/").status_code == 200
    assert api(world.teacher).post(path, {"shared": "perhaps"}, format="json").status_code == 400
    assert api(world.teacher).post(path, {}, format="json").status_code == 400
    api(world.teacher).post(path, {"shared": False}, format="json")
    assert api(world.principal).get(f"/api/v1/feedback/{given['id']}/").status_code == 404
    actions = AuditEvent.objects.filter(target_id=str(given["id"]), action__startswith="coaching.")
    assert list(actions.order_by("id").values_list("action", flat=True)) == [
        "coaching.shared",
        "coaching.unshared",
    ]


def test_feedback_outside_a_cycle_is_not_shared_it_is_already_the_supervisors(world, api):
    given = give(api(world.coach), recipient=world.teacher.pk, strengths="a", next_steps="b").json()
    response = api(world.teacher).post(
        f"/api/v1/feedback/{given['id']}/share/", {"shared": True}, format="json"
    )
    assert response.status_code == 400 and "shared" in error_fields(response)
    assert api(world.principal).get(f"/api/v1/feedback/{given['id']}/").status_code == 200


def test_the_coachee_may_still_withdraw_sharing_after_the_cycle_closes(world, api, cycle):
    given = give(api(world.coach), cycle=cycle["id"], strengths="a", next_steps="b").json()
    path = f"/api/v1/feedback/{given['id']}/share/"
    api(world.teacher).post(path, {"shared": True}, format="json")
    advance(api(world.coach), cycle["id"], "closed")
    assert api(world.teacher).post(path, {"shared": False}, format="json").status_code == 200
    assert api(world.principal).get(f"/api/v1/feedback/{given['id']}/").status_code == 404


def test_feedback_list_filters(world, api, cycle):
    coach = api(world.coach)
    in_cycle = give(coach, cycle=cycle["id"], strengths="a", next_steps="b").json()
    alone = give(coach, recipient=world.colleague.pk, strengths="a", next_steps="b").json()
    api(world.teacher).post(f"/api/v1/feedback/{in_cycle['id']}/acknowledge/", {}, format="json")

    def ids(**params):
        response = coach.get("/api/v1/feedback/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {in_cycle["id"], alone["id"]}
    assert ids(cycle=cycle["id"]) == {in_cycle["id"]}
    assert ids(recipient=world.colleague.pk) == {alone["id"]}
    assert ids(acknowledged="true") == {in_cycle["id"]}
    assert ids(acknowledged="false") == {alone["id"]}
    assert ids(author=world.teacher.pk) == set()
    assert coach.get("/api/v1/feedback/", {"recipient": "me"}).status_code == 400
