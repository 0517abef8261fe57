"""Reciprocal accountability against hand-computed expectations.

Per staff member: expectations = (active goals + people asked to self-assess) / staff;
support = (coaching cycles + observations in 90 days + micro-credentials in progress) /
staff; learning hours / staff. Flagged: expectations with no support at all, or more
expectations than the district with less support and no more learning hours.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.models import CoachingCycle, Goal, GoalHealth, GoalStatus
from core.roles import Role
from core.time import district_today
from dashboards.district.accountability import PAST_NOTE, RULE, SUPPRESSED_NOTE, reciprocal_accountability
from dashboards.figures.schools import school_figures
from tests.factories import SchoolFactory, person


def row(
    pk, name, *, staff, goals=0, windows=0, asked=None, cycles=0, observations=0, in_progress=0, hours="0"
):
    """A school_figures() school row, with only what the rule reads (and a few it ignores)."""
    return {
        "id": pk,
        "name": name,
        "code": f"S{pk}",
        "stage": "getting_started",
        "staff": staff,
        "active_goals": goals,
        "open_windows": windows,
        "self_assessment_asked": asked,
        "active_cycles": cycles,
        "recent_observations": observations,
        "credentials_in_progress": in_progress,
        "learning_hours": Decimal(hours),
        "mean_level": None,
    }


# The district as a whole: 30 staff, 30 goals and 30 asked (2.00 each), 6 cycles + 12
# observations + 12 in progress (1.00 each), 90 hours (3.0 each).
DISTRICT = row(
    None, "district", staff=30, goals=30, asked=30, cycles=6, observations=12, in_progress=12, hours="90"
)


def figures(*schools, district=DISTRICT):
    return {"on": datetime.date(2026, 3, 2), "district": district, "schools": list(schools)}


def accountability(*schools, district=DISTRICT):
    """The schools judged against the whole district, given here as one pooled row (or,
    with district=None, against the schools themselves)."""
    every_school = [district] if district is not None else None
    return reciprocal_accountability(figures=figures(*schools, district=district), every_school=every_school)


def by_name(result):
    return {r["school"]["name"]: r for r in result["schools"]}


def test_a_school_asking_more_than_the_district_with_less_support_and_no_more_hours_is_flagged():
    # Ash: (20 + 10) / 10 = 3.00 > 2.00; (1 + 2 + 2) / 10 = 0.50 < 1.00; 20 / 10 = 2.0 <= 3.0.
    ash = row(
        1, "Ash", staff=10, goals=20, windows=1, asked=10, cycles=1, observations=2, in_progress=2, hours="20"
    )
    result = accountability(ash)
    only = result["schools"][0]
    assert only["flagged"] is True
    assert only["reason"] == (
        "3.00 expectations per staff member (district 2.00) with 0.50 support per staff member "
        "(district 1.00) and 2.0 learning hours per staff member (district 3.0)."
    )
    assert only["expectations"] == {
        "active_goals": 20,
        "open_windows": 1,
        "self_assessment_asked": 10,
        "per_staff": Decimal("3.00"),
    }
    assert only["support"] == {
        "active_cycles": 1,
        "recent_observations": 2,
        "credentials_in_progress": 2,
        "learning_hours": Decimal("20"),
        "per_staff": Decimal("0.50"),
        "hours_per_staff": Decimal("2.0"),
    }
    assert result["benchmark"] == {
        "expectations_per_staff": Decimal("2.00"),
        "support_per_staff": Decimal("1.00"),
        "hours_per_staff": Decimal("3.0"),
    }
    assert result["rule"] == RULE and result["flagged_count"] == 1


def test_more_learning_hours_than_the_district_keep_a_busy_school_unflagged():
    # Birch: as Ash, but 40 hours / 10 = 4.0 > 3.0.
    birch = row(2, "Birch", staff=10, goals=20, asked=10, cycles=1, observations=2, in_progress=2, hours="40")
    assert accountability(birch)["schools"][0] | {
        "expectations": None,
        "support": None,
    } == {
        "school": {"id": 2, "name": "Birch"},
        "staff": 10,
        "expectations": None,
        "support": None,
        "flagged": False,
        "reason": "Support keeps pace with expectations.",
    }


def test_a_school_asking_less_than_the_district_is_not_flagged_however_little_support():
    # Cedar: (5 + 5) / 10 = 1.00, not above 2.00.
    cedar = row(3, "Cedar", staff=10, goals=5, asked=5, cycles=0, observations=1, hours="0")
    assert accountability(cedar)["schools"][0]["flagged"] is False


def test_exactly_the_districts_figures_are_not_flagged():
    # Dogwood: 2.00 expectations, 1.00 support, 3.0 hours: equal is not "more" or "less".
    dogwood = row(
        4, "Dogwood", staff=10, goals=10, asked=10, cycles=2, observations=4, in_progress=4, hours="30"
    )
    assert accountability(dogwood)["schools"][0]["flagged"] is False


def test_expectations_with_no_support_at_all_are_flagged_whatever_the_district():
    # Elm: 6 goals and a suppressed number asked (counted as 0), nothing given.
    elm = row(5, "Elm", staff=6, goals=6, windows=1, asked=None)
    result = accountability(elm)
    assert result["schools"][0]["flagged"] is True
    assert result["schools"][0]["reason"] == (
        "6 expectations on 6 staff with no coaching, observations, micro-credentials in progress or learning hours."
    )
    assert result["schools"][0]["expectations"]["self_assessment_asked"] is None
    assert result["schools"][0]["expectations"]["per_staff"] == Decimal("1.00")
    assert SUPPRESSED_NOTE in result["notes"]


def test_no_staff_or_nothing_asked_is_never_flagged():
    empty = row(6, "Fir", staff=0)
    idle = row(7, "Gum", staff=5, goals=0, asked=None)
    rows = by_name(accountability(empty, idle))
    assert (rows["Fir"]["flagged"], rows["Fir"]["reason"]) == (False, "No staff on this date.")
    assert rows["Fir"]["expectations"]["per_staff"] is None
    assert (rows["Gum"]["flagged"], rows["Gum"]["reason"]) == (False, "Nothing is asked of the staff.")


def test_flagged_schools_come_first_and_otherwise_keep_their_order():
    ash = row(1, "Ash", staff=10, goals=20, asked=10, cycles=1, observations=2, in_progress=2, hours="20")
    birch = row(2, "Birch", staff=10, goals=20, asked=10, cycles=1, observations=2, in_progress=2, hours="40")
    cedar = row(3, "Cedar", staff=10, goals=5, asked=5, observations=1)
    elm = row(5, "Elm", staff=6, goals=6)
    result = accountability(birch, ash, cedar, elm)
    assert [r["school"]["name"] for r in result["schools"]] == ["Ash", "Elm", "Birch", "Cedar"]
    assert result["flagged_count"] == 2


def test_without_a_district_row_the_schools_given_are_pooled():
    # Pooled: staff 20; expectations (20 + 10) + (2 + 0) = 32 -> 1.60; support 5 + 10 = 15 -> 0.75;
    # hours 20 + 40 = 60 -> 3.0. Ash: 3.00 > 1.60, 0.50 < 0.75, 2.0 <= 3.0 -> flagged.
    ash = row(1, "Ash", staff=10, goals=20, asked=10, cycles=1, observations=2, in_progress=2, hours="20")
    quiet = row(8, "Hazel", staff=10, goals=2, cycles=4, observations=4, in_progress=2, hours="40")
    result = accountability(ash, quiet, district=None)
    assert result["benchmark"] == {
        "expectations_per_staff": Decimal("1.60"),
        "support_per_staff": Decimal("0.75"),
        "hours_per_staff": Decimal("3.0"),
    }
    assert [r["flagged"] for r in result["schools"]] == [True, False]


def test_past_dates_leave_goals_and_work_in_progress_out_on_both_sides():
    # Past: goals and in progress are None everywhere. District: 30 asked / 30 = 1.00;
    # (6 + 12) / 30 = 0.60; 3.0 hours. Ash: 10 / 5 = 2.00 > 1.00; 1 / 5 = 0.20 < 0.60; 1.0 <= 3.0.
    past_district = {**DISTRICT, "active_goals": None, "credentials_in_progress": None}
    ash = row(1, "Ash", staff=5, goals=None, asked=10, cycles=1, in_progress=None, hours="5")
    result = accountability(ash, district=past_district)
    assert result["benchmark"]["expectations_per_staff"] == Decimal("1.00")
    assert result["schools"][0]["flagged"] is True
    assert result["schools"][0]["expectations"]["active_goals"] is None
    assert PAST_NOTE in result["notes"]


def test_it_makes_no_queries(db):
    ash = row(1, "Ash", staff=10, goals=20, asked=10, hours="20")
    with CaptureQueriesContext(connection) as queries:
        accountability(*[ash] * 50)
    assert len(queries) == 0


@pytest.mark.django_db
def test_through_school_figures_a_school_with_goals_and_no_support_is_flagged():
    """End to end from the database: Ash has five teachers with an active goal each and no
    support; Birch has five teachers, one goal and a coaching cycle under way."""
    today = district_today()
    ash, birch = SchoolFactory(name="Ash"), SchoolFactory(name="Birch")
    ash_staff = [person(Role.TEACHER, ash) for _ in range(5)]
    birch_staff = [person(Role.TEACHER, birch) for _ in range(5)]
    for owner in [*ash_staff, birch_staff[0]]:
        Goal.objects.create(
            owner=owner,
            statement="Read more",
            measure="Books",
            baseline=0,
            target=10,
            starts_on=today - datetime.timedelta(days=30),
            due_on=today + datetime.timedelta(days=30),
            status=GoalStatus.ACTIVE,
            health=GoalHealth.ON_TRACK,
        )
    CoachingCycle.objects.create(
        coach=person(Role.COACH, birch),
        coachee=birch_staff[1],
        school=birch,
        title="Questioning",
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=30),
    )

    result = reciprocal_accountability(figures=school_figures(school_ids=[ash.pk, birch.pk]))

    rows = by_name(result)
    assert rows["Ash"]["expectations"]["active_goals"] == 5
    assert rows["Ash"]["flagged"] is True
    assert rows["Ash"]["reason"].startswith("5 expectations on 5 staff with no coaching")
    # Birch: 1 goal / 6 staff (the coach too) = 0.17, below the pooled 6 / 11 = 0.55.
    assert (rows["Birch"]["support"]["active_cycles"], rows["Birch"]["flagged"]) == (1, False)
    assert [r["school"]["name"] for r in result["schools"]] == ["Ash", "Birch"]


def test_the_partial_says_in_words_which_schools_are_flagged_and_what_is_hidden():
    from django.template.loader import render_to_string

    ash = row(
        1, "Ash", staff=10, goals=20, windows=1, asked=10, cycles=1, observations=2, in_progress=2, hours="20"
    )
    elm = row(5, "Elm", staff=6, goals=6, windows=1, asked=None, cycles=1)
    past = row(9, "Ivy", staff=5, goals=None, asked=5, in_progress=None, hours="1")
    html = render_to_string(
        "dashboards/_accountability.html",
        {"accountability": accountability(ash, elm, past)},
    )
    assert "1 school flagged" in html
    assert "<strong>Yes</strong>: 3.00 expectations per staff member" in html
    assert "fewer than 5" in html and "hidden to protect privacy" in html
    assert "not known" in html
    assert RULE in html
    assert '<th scope="colgroup" colspan="3">Expectations</th>' in html


def test_schools_are_compared_with_every_school_pooled_not_with_the_district_row():
    # The figures' district row leaves hidden schools out of its records figures while its
    # staff counts everyone; per staff member it would understate the district. Pooled:
    # Ash (20 goals + 10 asked) and Oak (4 asked, hidden: counts as zero) on 20 staff = 1.50.
    ash = row(1, "Ash", staff=10, goals=20, asked=10, cycles=1)
    oak = row(2, "Oak", staff=10, asked=None, cycles=1)
    misleading = row(None, "district", staff=20, goals=0, asked=None)
    result = reciprocal_accountability(figures=figures(ash, district=misleading), every_school=[ash, oak])
    assert result["benchmark"]["expectations_per_staff"] == Decimal("1.50")
    assert result["benchmark"]["support_per_staff"] == Decimal("0.10")
