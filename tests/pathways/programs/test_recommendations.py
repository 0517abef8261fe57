"""Recommendations: ranked by self-assessment gaps and focus competencies, filtered by
role, each with its reasons in words, ties broken by title."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Item, ItemKind, Level, Rating, SelfAssessment, SelfAssessmentStatus
from core.roles import Role
from pathways.models import Enrollment, Submission, SubmissionStatus
from pathways.programs.recommendations import recommendations_for
from tests.factories import person
from tests.pathways.factories import competencies, earned_credential, educators, micro_credential, pathway

pytestmark = pytest.mark.django_db


def level(name):
    return Level.objects.get(framework=educators(), name=name)


def rate(who, ratings: dict, *, focus=(), when=None, status=SelfAssessmentStatus.SUBMITTED):
    """A self-assessment rating each competency's first two indicators at the named level."""
    when = when or timezone.now()
    sa = SelfAssessment.objects.create(
        person=who,
        framework=educators(),
        status=status,
        submitted_at=when if status == SelfAssessmentStatus.SUBMITTED else None,
    )
    for competency, name in ratings.items():
        for indicator in Item.objects.filter(parent=competency, kind=ItemKind.INDICATOR).order_by("sequence")[
            :2
        ]:
            Rating.objects.create(self_assessment=sa, indicator=indicator, level=level(name))
    sa.focus_competencies.set(focus)
    return sa


@pytest.fixture
def fixture():
    teacher = person(Role.TEACHER)
    a, b, c, d = competencies(n=4)
    # An older round and a draft, both ignored: only the latest submitted round counts.
    rate(teacher, {a: "Emerging", d: "Emerging"}, when=timezone.now() - datetime.timedelta(days=90))
    rate(teacher, {a: "Proficient", b: "Proficient"}, status=SelfAssessmentStatus.DRAFT)
    rate(teacher, {a: "Developing", b: "Emerging", c: "Proficient", d: "Advanced"}, focus=[c])
    made = {
        "a": micro_credential(competency=a, title="Analysing student work"),
        "b": micro_credential(competency=b, title="Building questions", roles=["teacher"]),
        "b_leaders": micro_credential(competency=b, title="Budgeting", roles=["school_leader"]),
        "c": micro_credential(competency=c, title="Classroom talk"),
        "d": micro_credential(competency=d, title="Differentiation"),
        "held": micro_credential(competency=b, title="Already earned"),
        "open": micro_credential(competency=b, title="Being worked on"),
    }
    made["pathway"] = pathway(steps=[made["b"]], title="Pathway of questions", competency=a)
    made["enrolled"] = pathway(steps=[made["a"]], title="Enrolled already")
    Enrollment.objects.create(pathway=made["enrolled"], person=teacher)
    pathway(steps=[made["d"]], title="No gap here")
    earned_credential(teacher, made["held"])
    Submission.objects.create(
        micro_credential=made["open"], person=teacher, attempt=1, status=SubmissionStatus.IN_PROGRESS
    )
    return teacher, (a, b, c, d), made


def test_ranked_by_gap_and_focus_with_ties_by_title_and_reasons_in_words(fixture):
    teacher, (a, b, c, _d), _made = fixture
    found = [(r.kind, r.title, r.score, r.reasons) for r in recommendations_for(teacher)]
    assert found == [
        (
            "micro_credential",
            "Building questions",
            2,
            [f"Your rating on {b.code} is Emerging (below Proficient)", "Meant for teachers"],
        ),
        ("pathway", "Pathway of questions", 2, [f"Your rating on {b.code} is Emerging (below Proficient)"]),
        (
            "micro_credential",
            "Analysing student work",
            1,
            [f"Your rating on {a.code} is Developing (below Proficient)"],
        ),
        ("micro_credential", "Classroom talk", 1, [f"{c.code} is one of your focus competencies"]),
    ]


def test_a_focus_competency_below_proficient_gets_both_reasons(fixture):
    teacher, (a, _b, _c, _d), _made = fixture
    rate(teacher, {a: "Emerging"}, focus=[a], when=timezone.now() + datetime.timedelta(minutes=1))
    top = recommendations_for(teacher)[0]
    assert (top.title, top.score) == ("Analysing student work", 3)
    assert top.reasons == [
        f"Your rating on {a.code} is Emerging (below Proficient)",
        f"{a.code} is one of your focus competencies",
    ]


def test_no_submitted_self_assessment_means_no_recommendations():
    micro_credential()
    assert recommendations_for(person(Role.TEACHER)) == []


def test_recommendations_take_a_fixed_number_of_queries(fixture):
    teacher, (_a, b, _c, _d), made = fixture
    for i in range(20):
        micro_credential(competency=b, title=f"Extra {i:02d}")
        pathway(steps=[made["c"], "activity"], title=f"Extra pathway {i:02d}")
    teacher = type(teacher).objects.get(pk=teacher.pk)
    with CaptureQueriesContext(connection) as queries:
        found = recommendations_for(teacher, limit=None)
    assert len(found) == 44
    # Latest rounds, levels, ratings, focus, competencies; roles; held; open submissions;
    # micro-credentials; pathways (with the enrollment subquery); their steps and prerequisites.
    assert len(queries) == 12, [q["sql"] for q in queries]
