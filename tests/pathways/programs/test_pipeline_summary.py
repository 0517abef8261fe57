"""The leader pipeline summary: counts per school and for the district, no names."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from pathways.models import Enrollment, EnrollmentStatus
from pathways.programs.pipeline import leader_pipeline_summary
from tests.factories import MembershipFactory, SchoolFactory, person
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
    MembershipFactory(user=ann, role=Role.COACH, school=south)  # at two schools
    bo = person(Role.COACH, north, first_name="Bo", last_name="Baker")
    cy = person(Role.TEACHER, south, first_name="Cy", last_name="Cole")
    dee = person(Role.CENTRAL_OFFICE, first_name="Dee", last_name="Dunn")
    enrol(ann, leaders)
    enrol(bo, leaders, EnrollmentStatus.COMPLETED)
    enrol(cy, leaders)
    enrol(dee, leaders)
    enrol(cy, other)  # not a leadership pathway
    enrol(person(Role.TEACHER, south), leaders, EnrollmentStatus.WITHDRAWN)
    enrol(person(), leaders)  # no current membership: placed nowhere, counted nowhere
    return north, south, leaders


def test_counts_per_school_with_the_central_office_last_and_each_person_once_in_the_totals(
    pipeline_world, pipeline_viewer
):
    north, south, _ = pipeline_world
    summary = leader_pipeline_summary(actor=pipeline_viewer)
    ours = [
        r for r in summary["schools"] if r["label"] in ("North High", "South Elementary", "Central office")
    ]
    assert ours == [
        {
            "school": {"id": north.pk, "name": "North High"},
            "label": "North High",
            "enrolled_count": 1,
            "completed_count": 1,
        },
        {
            "school": {"id": south.pk, "name": "South Elementary"},
            "label": "South Elementary",
            "enrolled_count": 2,
            "completed_count": 0,
        },
        {"school": None, "label": "Central office", "enrolled_count": 1, "completed_count": 0},
    ]
    # Ann counts at North and at South, once in the district: Ann, Cy, Dee enrolled; Bo completed.
    assert (summary["enrolled"], summary["completed"]) == (3, 1)


def test_the_summary_carries_no_names(pipeline_world, pipeline_viewer):
    text = repr(leader_pipeline_summary(actor=pipeline_viewer))
    for name in ("Ann", "Avery", "Bo", "Baker", "Cy", "Cole", "Dee", "Dunn", "@"):
        assert name not in text


def test_the_summary_takes_two_queries_however_many_people(pipeline_world, pipeline_viewer):
    _north, south, leaders = pipeline_world
    with CaptureQueriesContext(connection) as small:
        leader_pipeline_summary(actor=pipeline_viewer)
    for _ in range(50):
        enrol(person(Role.TEACHER, SchoolFactory()), leaders)
        enrol(person(Role.TEACHER, south), leaders, EnrollmentStatus.COMPLETED)
    with CaptureQueriesContext(connection) as large:
        summary = leader_pipeline_summary(actor=pipeline_viewer)
    assert summary["completed"] == 51
    assert len(small) == len(large) == 2, "the counts per school and the district's totals, whatever the size"


def test_the_partial_shows_counts_totals_and_links_to_the_full_pipeline(pipeline_world, pipeline_viewer):
    html = render_to_string(
        "pathways/_pipeline_summary.html",
        {"pipeline_summary": leader_pipeline_summary(actor=pipeline_viewer)},
    )
    assert '<th scope="row">North High</th><td class="num">1</td><td class="num">1</td>' in html
    assert '(each person once)</small></th><td class="num">3</td><td class="num">1</td>' in html
    assert 'href="/pathways/pipeline/"' in html
    assert "Ann" not in html


def test_the_partial_says_when_nobody_is_on_a_leadership_pathway(pipeline_viewer):
    html = render_to_string(
        "pathways/_pipeline_summary.html",
        {"pipeline_summary": leader_pipeline_summary(actor=pipeline_viewer)},
    )
    assert "Nobody is on a leadership pathway yet." in html
