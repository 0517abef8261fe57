"""Staff perception of a leader: anonymous answers, the five-answer threshold, the gap."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Framework, Item, ItemKind, Level, PerceptionResponse
from core.roles import Role
from core.time import district_today
from tests.factories import SchoolFactory, SupervisionFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def b21():
    return Framework.objects.get(title__startswith="Building 21")


@pytest.fixture
def school_with_staff():
    school = SchoolFactory()
    principal = person(Role.SCHOOL_LEADER, school=school)
    staff = [person(Role.TEACHER, school=school) for _ in range(6)]
    return school, principal, staff


def open_survey(api, principal, school, framework):
    response = api(principal).post(
        "/api/v1/perception-surveys/",
        {
            "framework": framework.pk,
            "school": school.pk,
            "closes_on": str(district_today() + datetime.timedelta(days=14)),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def answer(api, who, survey_id, framework, level_name):
    level = Level.objects.get(framework=framework, name=level_name)
    ratings = [
        {"indicator": i.pk, "level": level.pk}
        for i in Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)
    ]
    return api(who).post(
        f"/api/v1/perception-surveys/{survey_id}/responses/", {"ratings": ratings}, format="json"
    )


def leader_rates_self(api, principal, framework, level_name):
    client = api(principal)
    sa = client.post("/api/v1/self-assessments/", {"framework": framework.pk}, format="json").json()
    level = Level.objects.get(framework=framework, name=level_name)
    ratings = [
        {"indicator": i.pk, "level": level.pk}
        for i in Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)
    ]
    client.patch(f"/api/v1/self-assessments/{sa['id']}/", {"ratings": ratings}, format="json")
    assert client.post(f"/api/v1/self-assessments/{sa['id']}/submit/").status_code == 200


def test_staff_answer_once_anonymously_and_the_report_waits_for_five(api, b21, school_with_staff):
    school, principal, staff = school_with_staff
    elsewhere = person(Role.TEACHER)
    survey = open_survey(api, principal, school, b21)
    assert survey["invited"] == 6

    assert answer(api, staff[0], survey["id"], b21, "Proficient").status_code == 204
    again = answer(api, staff[0], survey["id"], b21, "Advanced")
    assert again.status_code == 400 and "already answered" in again.json()["error"]["message"]
    assert answer(api, elsewhere, survey["id"], b21, "Emerging").status_code == 404, "not asked: not visible"
    assert {f.name for f in PerceptionResponse._meta.get_fields()} == {
        "id",
        "survey",
        "received_on",
        "ratings",
    }

    waiting = api(principal).get(f"/api/v1/perception-surveys/{survey['id']}/report/").json()
    assert waiting["available"] is False and waiting["reason"] == "open" and waiting["needed"] == 4

    for teacher in staff[1:5]:
        answer(api, teacher, survey["id"], b21, "Developing")
    leader_rates_self(api, principal, b21, "Advanced")
    still_open = api(principal).get(f"/api/v1/perception-surveys/{survey['id']}/report/").json()
    assert still_open["reason"] == "open", "no report while answers can still come in, one by one"
    assert api(staff[0]).post(f"/api/v1/perception-surveys/{survey['id']}/close/").status_code in (403, 404)
    assert api(principal).post(f"/api/v1/perception-surveys/{survey['id']}/close/").status_code == 200
    assert answer(api, staff[5], survey["id"], b21, "Emerging").status_code == 400, "closed"
    report = api(principal).get(f"/api/v1/perception-surveys/{survey['id']}/report/").json()
    assert report["available"] and report["responses"] == 5
    lc1 = next(c for c in report["competencies"] if c["key"] == "LC.1")
    assert lc1["self"] == "4.00" and lc1["staff"] == "2.20" and lc1["gap"] == "-1.80"
    assert len(report["indicators"]) == 24 and len(report["themes"]) == 6


def test_who_sees_the_report(api, b21, school_with_staff):
    school, principal, staff = school_with_staff
    survey = open_survey(api, principal, school, b21)
    for teacher in staff[:5]:
        answer(api, teacher, survey["id"], b21, "Proficient")
    leader_rates_self(api, principal, b21, "Advanced")
    api(principal).post(f"/api/v1/perception-surveys/{survey['id']}/close/")
    supervisor, central = person(Role.CENTRAL_OFFICE), person(Role.CENTRAL_OFFICE)
    SupervisionFactory(supervisor=supervisor, supervisee=principal)

    def report_status(user):
        return api(user).get(f"/api/v1/perception-surveys/{survey['id']}/report/").status_code

    assert (
        report_status(principal) == 200 and report_status(supervisor) == 200 and report_status(central) == 200
    )
    assert report_status(staff[0]) == 404, "staff answer; they do not read the leader's report"
    listed = api(staff[5]).get("/api/v1/perception-surveys/").json()["results"]
    assert [(s["id"], s["asked_me"]) for s in listed] == [(survey["id"], True)]


def test_an_indicator_answered_by_fewer_than_five_shows_no_staff_figure(api, b21, school_with_staff):
    school, principal, staff = school_with_staff
    survey = open_survey(api, principal, school, b21)
    indicators = list(
        Item.objects.filter(framework=b21, kind=ItemKind.INDICATOR).order_by("depth", "sequence")
    )
    level = Level.objects.get(framework=b21, name="Proficient")
    first, second = indicators[0], indicators[1]
    for teacher in staff[:5]:
        body = {"ratings": [{"indicator": first.pk, "level": level.pk}]}
        api(teacher).post(f"/api/v1/perception-surveys/{survey['id']}/responses/", body, format="json")
    lone = {
        "ratings": [{"indicator": first.pk, "level": level.pk}, {"indicator": second.pk, "level": level.pk}]
    }
    api(staff[5]).post(f"/api/v1/perception-surveys/{survey['id']}/responses/", lone, format="json")
    api(principal).post(f"/api/v1/perception-surveys/{survey['id']}/close/")
    lines = {
        r["key"]: r
        for r in api(principal).get(f"/api/v1/perception-surveys/{survey['id']}/report/").json()["indicators"]
    }
    assert lines[first.code]["staff"] == "3.00"
    assert lines[second.code]["staff"] is None, "one person's answer is never shown"


def test_only_a_leader_of_the_school_can_ask_its_staff(api, b21, school_with_staff):
    school, principal, _staff = school_with_staff
    other_leader = person(Role.SCHOOL_LEADER)
    response = api(other_leader).post(
        "/api/v1/perception-surveys/",
        {
            "framework": b21.pk,
            "school": school.pk,
            "closes_on": str(district_today() + datetime.timedelta(days=3)),
        },
        format="json",
    )
    assert response.status_code == 403
    past = api(principal).post(
        "/api/v1/perception-surveys/",
        {"framework": b21.pk, "school": school.pk, "closes_on": str(district_today())},
        format="json",
    )
    assert past.status_code == 400 and "closes_on" in past.json()["error"]["fields"]


@pytest.mark.parametrize("answers", [5, 6])
def test_report_query_count_is_fixed(answers, api, b21, school_with_staff):
    school, principal, staff = school_with_staff
    survey = open_survey(api, principal, school, b21)
    for teacher in staff[:answers]:
        answer(api, teacher, survey["id"], b21, "Proficient")
    client = api(principal)
    client.post(f"/api/v1/perception-surveys/{survey['id']}/close/")
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/api/v1/perception-surveys/{survey['id']}/report/").json()["available"]
    # Per request 5; the survey; visibility; whether you supervise the leader; the answer
    # count; invitations; items with themes; staff means; the leader's round and ratings.
    assert len(captured) == 13, "\n".join(q["sql"] for q in captured)
    with CaptureQueriesContext(connection) as listed:
        assert client.get("/api/v1/perception-surveys/").status_code == 200
    assert len(listed) == 7, "\n".join(q["sql"] for q in listed)


def test_perception_answers_lock_the_level_scale_too(api, b21, school_with_staff):
    from django.core.exceptions import ValidationError

    from assessments.frameworks.services import framework_copy, framework_set_levels

    school, principal, staff = school_with_staff
    admin = person(Role.DISTRICT_ADMIN)
    copy = framework_copy(actor=admin, framework=b21)
    Framework.objects.filter(pk=copy.pk).update(adoption_status="adopted")
    copy.refresh_from_db()
    survey = open_survey(api, principal, school, copy)
    answer(api, staff[0], survey["id"], copy, "Proficient")
    with pytest.raises(ValidationError, match="cannot change"):
        framework_set_levels(
            actor=admin, framework=copy, levels=[{"name": "A", "value": 1}, {"name": "B", "value": 2}]
        )
