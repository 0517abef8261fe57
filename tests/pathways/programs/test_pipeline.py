"""The leader pipeline: leadership pathways, per school, who is enrolled and who completed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from pathways.models import Enrollment, EnrollmentStatus
from pathways.programs.pipeline import leader_pipeline, leader_pipeline_summary
from tests.factories import SchoolFactory, person
from tests.pathways.factories import pathway

pytestmark = pytest.mark.django_db


def enrol(who, path, status=EnrollmentStatus.ACTIVE):
    return Enrollment.objects.create(person=who, pathway=path, status=status)


@pytest.fixture
def pipeline_world():
    north, south = SchoolFactory(name="North High"), SchoolFactory(name="South Elementary")
    leaders = pathway(title="Aspiring principals", is_leadership=True)
    other = pathway(title="Classroom practice")
    ann = person(Role.TEACHER, north, first_name="Ann", last_name="Avery")
    bo = person(Role.COACH, north, first_name="Bo", last_name="Baker")
    cy = person(Role.TEACHER, south, first_name="Cy", last_name="Cole")
    dee = person(Role.CENTRAL_OFFICE, first_name="Dee", last_name="Dunn")
    enrol(ann, leaders)
    enrol(bo, leaders, EnrollmentStatus.COMPLETED)
    enrol(cy, leaders)
    enrol(dee, leaders)
    enrol(cy, other)  # not a leadership pathway
    enrol(person(Role.TEACHER, south), leaders, EnrollmentStatus.WITHDRAWN)
    return north, south, leaders


def test_pipeline_counts_and_names_by_school_with_the_central_office_last(pipeline_world, pipeline_viewer):
    _north, _south, leaders = pipeline_world
    rows = {row["label"]: row for row in leader_pipeline(actor=pipeline_viewer)}
    assert [label for label in rows if label in ("North High", "South Elementary", "Central office")] == [
        "North High",
        "South Elementary",
        "Central office",
    ]
    assert (rows["North High"]["enrolled_count"], rows["North High"]["completed_count"]) == (1, 1)
    assert [e["person"]["name"] for e in rows["North High"]["enrolled"]] == ["Ann Avery"]
    assert [e["person"]["name"] for e in rows["North High"]["completed"]] == ["Bo Baker"]
    assert (rows["South Elementary"]["enrolled_count"], rows["South Elementary"]["completed_count"]) == (1, 0)
    assert rows["South Elementary"]["enrolled"][0]["pathway"] == {
        "id": leaders.pk,
        "title": "Aspiring principals",
    }
    assert rows["Central office"]["school"] is None
    assert [e["person"]["name"] for e in rows["Central office"]["enrolled"]] == ["Dee Dunn"]


def test_pipeline_takes_two_queries_however_many_people(pipeline_world, pipeline_viewer):
    _north, south, leaders = pipeline_world
    for _ in range(30):
        enrol(person(Role.TEACHER, south), leaders)
    with CaptureQueriesContext(connection) as queries:
        rows = {row["label"]: row for row in leader_pipeline(actor=pipeline_viewer)}
    assert rows["South Elementary"]["enrolled_count"] == 31 == len(rows["South Elementary"]["enrolled"])
    assert len(queries) == 2  # the counts (aggregated in SQL) and the names behind them


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER])
def test_the_pipeline_and_its_summary_are_refused_without_pipeline_view(pipeline_world, role):
    outsider = person(role)
    with pytest.raises(PermissionDenied, match="The leader pipeline is for the central office"):
        leader_pipeline(actor=outsider)
    with pytest.raises(PermissionDenied, match="The leader pipeline is for the central office"):
        leader_pipeline_summary(actor=outsider)
