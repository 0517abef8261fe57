"""The central office sees results across schools only in aggregate, small groups hidden."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Framework, Item, ItemKind
from assessments.self_assessment.services import (
    self_assessment_save,
    self_assessment_start,
    self_assessment_submit,
)
from core.roles import Role
from tests.factories import SchoolFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def educators():
    return Framework.objects.get(audience="educators", title__startswith="Lodestar")


def rated(teacher, framework, level_name, rounds=1):
    level = framework.levels.get(name=level_name)
    indicators = Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)
    for _ in range(rounds):
        draft = self_assessment_start(actor=teacher, framework=framework)
        self_assessment_save(
            actor=teacher,
            self_assessment=draft,
            ratings=[{"indicator": i.pk, "level": level.pk} for i in indicators],
        )
        self_assessment_submit(actor=teacher, self_assessment=draft)


def summary(api, who, framework):
    return api(who).get("/api/v1/self-assessments/summary/", {"framework": framework.pk})


def test_central_office_sees_school_means_by_domain_with_small_schools_suppressed(api, educators):
    big, small = SchoolFactory(name="Big"), SchoolFactory(name="Small")
    for n in range(5):
        rated(person(Role.TEACHER, school=big), educators, "Proficient" if n < 4 else "Emerging")
    for _ in range(3):
        rated(person(Role.TEACHER, school=small), educators, "Advanced")
    returning = person(Role.TEACHER, school=big)
    rated(returning, educators, "Emerging")
    rated(returning, educators, "Advanced")  # only the latest round counts

    body = summary(api, person(Role.CENTRAL_OFFICE), educators).json()
    assert [g["key"] for g in body["groups"]] == ["EC.1", "EC.2", "EC.3", "EC.4"]
    schools = {s["school_name"]: s for s in body["schools"]}
    assert schools["Big"]["people"] == 6 and not schools["Big"]["suppressed"]
    assert schools["Big"]["means"]["EC.1"] == "2.83"  # (4x3 + 1x1 + 1x4) / 6
    assert schools["Small"] == {
        "school": small.pk, "school_name": "Small", "people": None, "suppressed": True, "means": {},
    }  # fmt: skip


def test_only_the_central_office_sees_the_summary(api, educators):
    assert summary(api, person(Role.SCHOOL_LEADER), educators).status_code == 403
    assert summary(api, person(Role.TEACHER), educators).status_code == 403
    assert summary(api, person(Role.DISTRICT_ADMIN), educators).status_code == 200
    missing = api(person(Role.CENTRAL_OFFICE)).get("/api/v1/self-assessments/summary/")
    assert missing.status_code == 400 and "framework" in missing.json()["error"]["fields"]


@pytest.mark.parametrize("teachers", [5, 12])
def test_summary_query_count_does_not_grow(teachers, api, educators):
    school = SchoolFactory()
    for _ in range(teachers):
        rated(person(Role.TEACHER, school=school), educators, "Developing")
    client = api(person(Role.CENTRAL_OFFICE))
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/self-assessments/summary/", {"framework": educators.pk})
    assert response.status_code == 200
    # Per request 5; the framework; then rounds x ratings in one query, people per
    # school, the items and the schools: the same for any number of people.
    assert len(captured) == 10, "\n".join(q["sql"] for q in captured)


def test_a_group_most_people_marked_not_applicable_shows_no_mean(api, educators):
    """Four of five mark every EC.1 indicator not applicable: EC.1 would show the fifth
    person's ratings, so it shows nothing."""
    school = SchoolFactory(name="Quiet")
    proficient = educators.levels.get(name="Proficient")
    indicators = list(Item.objects.filter(framework=educators, kind=ItemKind.INDICATOR, is_retired=False))
    for n in range(5):
        teacher = person(Role.TEACHER, school=school)
        draft = self_assessment_start(actor=teacher, framework=educators)
        ratings = [
            {"indicator": i.pk, "not_applicable": True, "not_applicable_reason": "New"}
            if i.code.startswith("EC.1.") and n < 4
            else {"indicator": i.pk, "level": proficient.pk}
            for i in indicators
        ]
        self_assessment_save(actor=teacher, self_assessment=draft, ratings=ratings)
        self_assessment_submit(actor=teacher, self_assessment=draft)
    row = next(
        s
        for s in summary(api, person(Role.CENTRAL_OFFICE), educators).json()["schools"]
        if s["school_name"] == "Quiet"
    )
    assert "EC.1" not in row["means"] and row["means"]["EC.2"] == "3.00"
