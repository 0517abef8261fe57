"""Each reviewer's agreement rate and turnaround, checked against figures worked out by hand."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.roles import Role
from pathways.models import Decision, Review, ReviewRole
from pathways.reviews.stats import review_stats_for_actor
from tests.factories import person
from tests.pathways.factories import make_reviewer, micro_credential, waiting_submission

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)
FIRST, SECOND, DECIDING = ReviewRole.FIRST, ReviewRole.SECOND, ReviewRole.ADJUDICATION
E, N = Decision.EARNED, Decision.NOT_YET


def review(submission, who, role, decision=None, *, hours=None, assigned_days_ago=20):
    """A review assigned `assigned_days_ago` days before NOW; completed `hours` later with
    `decision`, or open when decision is None."""
    assigned_at = NOW - datetime.timedelta(days=assigned_days_ago)
    made = Review.objects.create(submission=submission, reviewer=who, role=role)
    completed_at = assigned_at + datetime.timedelta(hours=hours) if decision else None
    Review.objects.filter(pk=made.pk).update(
        assigned_at=assigned_at, completed_at=completed_at, decision=decision or ""
    )
    return made


@pytest.fixture
def fixture():
    """Reviewers Ada, Bo, Cy and an administrator, Dee. Submissions (F = first, S = second):

    S1 F Ada earned 2 h  / S Bo earned 6 h       → agree
    S2 F Ada earned 4 h  / S Cy not yet 8 h      → disagree; Dee decides (12 h)
    S3 F Bo not yet 1 h  / S Cy not yet 3 h      → agree
    S4 F Ada earned 10 h / S Bo open, 8 days     → not counted for agreement
    S5 F Cy earned 5 h (single review)           → not counted for agreement
    S6 F Cy earned 7 h   / S Ada earned 30 h     → agree
    S7 F Bo open, 1 day

    Ada: completed 4 (2, 4, 10, 30 h → median 7.0); double-reviewed S1, S2, S6 → 2 of 3.
    Bo: completed 2 (1, 6 → 3.5); S1, S3 → 2 of 2; open 2, one past the 7-day target.
    Cy: completed 4 (3, 5, 7, 8 → 6.0); S2, S3, S6 → 2 of 3.
    Dee: completed 1 (12 h); no double-reviewed submission of their own → null.
    Eve: in the pool, nothing yet.
    """
    ada, bo, cy = (person(Role.COACH, first_name=n, last_name=n + "son") for n in ("Ada", "Bo", "Cy"))
    eve = person(Role.COACH, first_name="Eve", last_name="Evans")
    dee = person(Role.DISTRICT_ADMIN, first_name="Dee", last_name="Deeson")
    for reviewer in (ada, bo, cy, eve):
        make_reviewer(reviewer)
    mc = micro_credential()
    s = [waiting_submission(person(Role.TEACHER), mc) for _ in range(7)]
    review(s[0], ada, FIRST, E, hours=2)
    review(s[0], bo, SECOND, E, hours=6)
    review(s[1], ada, FIRST, E, hours=4)
    review(s[1], cy, SECOND, N, hours=8)
    review(s[1], dee, DECIDING, E, hours=12)
    review(s[2], bo, FIRST, N, hours=1)
    review(s[2], cy, SECOND, N, hours=3)
    review(s[3], ada, FIRST, E, hours=10)
    review(s[3], bo, SECOND, assigned_days_ago=8)
    review(s[4], cy, FIRST, E, hours=5)
    review(s[5], cy, FIRST, E, hours=7)
    review(s[5], ada, SECOND, E, hours=30)
    review(s[6], bo, FIRST, assigned_days_ago=1)
    return {"ada": ada, "bo": bo, "cy": cy, "dee": dee, "eve": eve}


def by_name(rows):
    return {row.name.split()[0]: row for row in rows}


def test_agreement_turnaround_and_open_figures_match_the_hand_computed_ones(fixture):
    stats = review_stats_for_actor(actor=person(Role.CENTRAL_OFFICE), now=NOW)
    rows = by_name(stats.rows)
    assert stats.target_days == 7
    assert list(rows) == ["Ada", "Bo", "Cy", "Dee", "Eve"], "ordered by last name"
    figures = {
        name: (
            r.completed,
            r.double_reviewed,
            r.agreed,
            r.agreement_rate,
            r.median_turnaround_hours,
            r.open,
            r.overdue,
        )
        for name, r in rows.items()
    }
    assert figures == {
        "Ada": (4, 3, 2, 0.6667, 7.0, 0, 0),
        "Bo": (2, 2, 2, 1.0, 3.5, 2, 1),
        "Cy": (4, 3, 2, 0.6667, 6.0, 0, 0),
        "Dee": (1, 0, 0, None, 12.0, 0, 0),
        "Eve": (0, 0, 0, None, None, 0, 0),
    }
    assert rows["Dee"].in_pool is False and rows["Eve"].in_pool is True


def test_a_longer_target_makes_nothing_overdue(fixture):
    from schools.models import DistrictPolicy

    DistrictPolicy.current()
    DistrictPolicy.objects.filter(pk=1).update(review_target_days=9)
    rows = by_name(review_stats_for_actor(actor=person(Role.DISTRICT_ADMIN), now=NOW).rows)
    assert rows["Bo"].overdue == 0 and rows["Bo"].open == 2


def test_the_api_gives_the_same_figures(api, fixture):
    body = api(person(Role.CENTRAL_OFFICE)).get("/api/v1/reviews/stats/").json()
    assert body["review_target_days"] == 7
    ada = next(r for r in body["results"] if r["person"]["id"] == fixture["ada"].pk)
    assert ada | {"person": None} == {
        "person": None,
        "in_pool": True,
        "active": True,
        "completed": 4,
        "double_reviewed": 3,
        "agreed": 2,
        "agreement_rate": 0.6667,
        "median_turnaround_hours": 7.0,
        "open": 0,
        "overdue": 0,
    }


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, None])
def test_the_figures_are_for_the_central_office_and_admins(api, role):
    actor = person(role)
    with pytest.raises(PermissionDenied):
        review_stats_for_actor(actor=actor)
    assert api(actor).get("/api/v1/reviews/stats/").status_code == 403
