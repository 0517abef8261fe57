"""GET /api/v1/dashboards/district/: every school's figures as worked out by hand for the
small district in district_fixture.py, suppression under five, filters, sorting, errors
naming the field, who may see it, and a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Item, ItemKind, Rating, SelfAssessment
from core.roles import Role
from core.time import district_today
from dashboards.models import Snapshot
from tests.dashboards.district_fixture import educators, small_district
from tests.factories import SchoolFactory, person

pytestmark = pytest.mark.django_db

URL = "/api/v1/dashboards/district/"


@pytest.fixture
def world():
    return small_district()


@pytest.fixture
def central(api):
    return api(person(Role.CENTRAL_OFFICE))


def by_name(body) -> dict:
    return {row["name"]: row for row in body["schools"]}


def domain(row, key) -> dict:
    return next(cell for cell in row["levels"]["domains"] if cell["key"] == key)


def test_each_school_row_has_the_hand_computed_figures(central, world):
    body = central.get(URL).json()
    alder = by_name(body)["Alder"]
    ec1 = f"domain:{world['ec1'].pk}"
    assert {key: alder[key] for key in FIGURES} == {
        "id": world["alder"].pk,
        "name": "Alder",
        "code": "ALD",
        "grade_band": "elementary",
        "stage": "moving_forward",
        "staff": 6,
        "self_assessment_asked": 6,
        "self_assessment_rate": "0.833",  # 5 of 6
        "active_cycles": 2,  # the closed one does not count
        "check_in_on_time_rate": "0.700",  # 7 of 10
        "goals_on_track_rate": "0.600",  # 3 of 5
        "active_goals": 5,
        "credentials_earned": 3,  # not last year's, not the revoked one
        "enrollments": 2,  # not the withdrawn or the completed one
    }
    assert domain(alder, ec1) == {"key": ec1, "mean": "2.80", "people": 5, "suppressed": False}  # 14 / 5
    others = [cell for cell in alder["levels"]["domains"] if cell["key"] != ec1]
    assert len(others) == 3
    assert all(
        cell == {"key": cell["key"], "mean": None, "people": 0, "suppressed": False} for cell in others
    )


FIGURES = (
    "id",
    "name",
    "code",
    "grade_band",
    "stage",
    "staff",
    "self_assessment_asked",
    "self_assessment_rate",
    "active_cycles",
    "check_in_on_time_rate",
    "goals_on_track_rate",
    "active_goals",
    "credentials_earned",
    "enrollments",
)


def test_a_school_of_four_shows_no_figure_about_their_records(central, world):
    """Birch's four teachers all answered, rated EC.1, check in and have goals: each of
    those figures would describe fewer than five people, so none is given; counts of
    activity (cycles, credentials, enrollments) are not about anyone's record and stay."""
    birch = by_name(central.get(URL).json())["Birch"]
    assert birch["staff"] == 4
    assert birch["self_assessment_asked"] is None
    assert birch["self_assessment_rate"] is None
    assert birch["check_in_on_time_rate"] is None
    assert birch["goals_on_track_rate"] is None
    assert birch["mean_level"] is None
    ec1 = domain(birch, f"domain:{world['ec1'].pk}")
    assert ec1 == {"key": ec1["key"], "mean": None, "people": None, "suppressed": True}
    assert all(cell["mean"] is None for kind in birch["levels"].values() for cell in kind)
    assert {c["suppressed"] for c in birch["levels"]["competencies"]} == {True, False}  # rated, not rated
    assert (birch["active_cycles"], birch["credentials_earned"], birch["enrollments"]) == (1, 1, 1)


def test_the_district_row_counts_all_staff_but_records_only_behind_figures_shown(central, world):
    """Birch's four are hidden in every figure about their records, so the district's
    figures about records are Alder's people only (else the district less Alder would be
    Birch); staff and activity counts are the whole district's."""
    district = central.get(URL).json()["district"]
    assert district["staff"] == 10  # Alder 6 + Birch 4
    assert district["self_assessment_asked"] == 6  # Alder's 6 (Birch's 4 asked are hidden)
    assert district["self_assessment_rate"] == "0.833"  # Alder's 5 of 6, not 9 of 10
    assert district["check_in_on_time_rate"] == "0.700"  # Alder's 7 of 10, not 9 of 14
    assert district["goals_on_track_rate"] == "0.600"  # Alder's 3 of 5, not 5 of 9
    assert district["active_goals"] == 5  # Alder's 5 (Birch's 4 stand behind a hidden share)
    # Cycles 2 + 1, credentials 3 + 1, enrollments 2 + 1: activity, not anyone's record.
    assert (district["active_cycles"], district["credentials_earned"], district["enrollments"]) == (3, 4, 3)
    assert domain(district, f"domain:{world['ec1'].pk}") == {
        "key": f"domain:{world['ec1'].pk}",
        "mean": "2.80",  # Alder's (4 + 3 + 3 + 2 + 2) / 5; Birch's four 1s are hidden
        "people": 5,
        "suppressed": False,
    }


def test_heatmap_cells_by_competency_and_theme(central, world):
    """Every EC.1 competency and every theme tagging EC.1 (on the domain, a competency or
    an indicator) has Alder's 2.80 and the district's 2.80 (Alder's five only: Birch's four
    are suppressed, so the district leaves them out); the rest nobody rated."""
    body = central.get(URL).json()
    framework = world["framework"]
    ec1_items = Item.objects.filter(framework=framework, code__startswith="EC.1")
    ec1_themes = {f"theme:{pk}" for pk in ec1_items.values_list("themes", flat=True) if pk}
    ec1_competencies = {
        f"competency:{pk}" for pk in ec1_items.filter(kind=ItemKind.COMPETENCY).values_list("pk", flat=True)
    }
    assert len(body["groups"]["competencies"]) == 12 and len(body["groups"]["themes"]) == 6
    assert ec1_themes and len(ec1_competencies) == 3
    for row, rated in ((by_name(body)["Alder"], "2.80"), (body["district"], "2.80")):
        for kind, keys in (("competencies", ec1_competencies), ("themes", ec1_themes)):
            means = {cell["key"]: cell["mean"] for cell in row["levels"][kind]}
            assert list(means) == [g["key"] for g in body["groups"][kind]]
            assert means == {key: rated if key in keys else None for key in means}
    birch = by_name(body)["Birch"]
    assert {c["key"] for c in birch["levels"]["themes"] if c["suppressed"]} == ec1_themes


def test_filters_by_grade_band_and_stage_keep_the_whole_district_row(central, world):
    middle = central.get(URL, {"grade_band": "middle"}).json()
    assert [row["name"] for row in middle["schools"]] == ["Birch"]
    assert middle["district"]["staff"] == 10
    assert middle["filters"] == {
        "framework": world["framework"].pk,
        "grade_band": "middle",
        "stage": None,
        "sort": "name",
    }
    sustaining = central.get(URL, {"stage": "sustaining"}).json()
    assert [row["name"] for row in sustaining["schools"]] == ["Cedar"]
    both = central.get(URL, {"stage": "sustaining", "grade_band": "middle"}).json()
    assert both["schools"] == []
    assert [row["school"]["name"] for row in middle["accountability"]["schools"]] == ["Birch"]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("name", ["Alder", "Birch", "Cedar"]),
        ("-name", ["Cedar", "Birch", "Alder"]),
        ("-staff", ["Alder", "Birch", "Cedar"]),
        ("staff", ["Cedar", "Birch", "Alder"]),
        ("stage", ["Birch", "Alder", "Cedar"]),  # the roadmap's order, not the alphabet's
        ("-grade_band", ["Cedar", "Birch", "Alder"]),
        # Suppressed figures go last whichever way: Birch and Cedar by name after Alder.
        ("self_assessment_rate", ["Alder", "Birch", "Cedar"]),
        ("-self_assessment_rate", ["Alder", "Birch", "Cedar"]),
        ("-credentials_earned", ["Alder", "Birch", "Cedar"]),
        ("active_cycles", ["Cedar", "Birch", "Alder"]),
    ],
)
def test_sorting_by_any_column(central, world, sort, order):
    body = central.get(URL, {"sort": sort}).json()
    assert [row["name"] for row in body["schools"]] == order
    assert body["filters"]["sort"] == sort


def test_sorting_by_a_domain_mean(central, world):
    other = SchoolFactory(name="Aspen", code="ASP")
    framework = world["framework"]
    level = framework.levels.get(name="Advanced")
    indicators = Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, code__startswith="EC.1.")
    for _ in range(5):
        sa = SelfAssessment.objects.create(
            person=person(Role.TEACHER, school=other),
            framework=framework,
            status="submitted",
            submitted_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1),
        )
        Rating.objects.bulk_create(Rating(self_assessment=sa, indicator=i, level=level) for i in indicators)
    key = f"domain:{world['ec1'].pk}"
    body = central.get(URL, {"sort": f"-{key}"}).json()
    assert [row["name"] for row in body["schools"]] == ["Aspen", "Alder", "Birch", "Cedar"]
    body = central.get(URL, {"sort": key}).json()
    assert [row["name"] for row in body["schools"]] == ["Alder", "Aspen", "Birch", "Cedar"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"grade_band": "kindergarten"}, "grade_band"),
        ({"stage": "finished"}, "stage"),
        ({"sort": "salary"}, "sort"),
        ({"sort": "--staff"}, "sort"),
        ({"sort": "domain:999999"}, "sort"),
        ({"framework": "abc"}, "framework"),
        ({"framework": "999999"}, "framework"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(central, world, params, field):
    response = central.get(URL, params)
    assert response.status_code == 400, response.content
    assert list(response.json()["error"]["fields"]) == [field]


def test_every_bad_filter_is_named_at_once(central):
    response = central.get(URL, {"grade_band": "x", "stage": "y", "sort": "z", "framework": "0"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"grade_band", "stage", "sort", "framework"}


def test_a_draft_framework_is_not_offered(central, world):
    framework = world["framework"]
    framework.adoption_status = "draft"
    framework.save(update_fields=["adoption_status"])
    response = central.get(URL, {"framework": framework.pk})
    assert response.status_code == 400 and "framework" in response.json()["error"]["fields"]
    body = central.get(URL).json()  # without the educators' framework: the first adopted one
    assert body["framework"]["audience"] == "leaders"
    assert framework.pk not in {f["id"] for f in body["frameworks"]}


def test_another_adopted_framework_gives_its_own_domains(central, world):
    leaders = next(f for f in central.get(URL).json()["frameworks"] if f["audience"] == "leaders")
    body = central.get(URL, {"framework": leaders["id"]}).json()
    assert body["framework"]["id"] == leaders["id"]
    assert body["groups"]["domains"] and not any(
        g["code"].startswith("EC.") for g in body["groups"]["domains"]
    )
    # Nobody self-assessed on it: every cell unrated, none suppressed.
    cells = by_name(body)["Alder"]["levels"]["domains"]
    assert {(c["mean"], c["suppressed"]) for c in cells} == {(None, False)}


def test_the_trend_is_the_districts_month_end_snapshots(central, world):
    today = district_today()
    last_month_end = today.replace(day=1) - datetime.timedelta(days=1)
    figures = {"staff": 10, "self_assessment_rate": "0.500", "mean_level": "2.10", "active_cycles": 3,
               "check_in_on_time_rate": None, "goals_on_track_rate": None, "credentials_earned": 1,
               "enrollments": 2}  # fmt: skip
    Snapshot.objects.create(
        taken_on=last_month_end - datetime.timedelta(days=3), figures={**figures, "staff": 9}
    )
    Snapshot.objects.create(taken_on=last_month_end, figures=figures)
    Snapshot.objects.create(taken_on=last_month_end, school=world["alder"], figures={**figures, "staff": 6})
    body = central.get(URL).json()
    trend = body["trend"]
    assert trend[:-1] == [
        {
            "month": str(last_month_end.replace(day=1)),
            "taken_on": str(last_month_end),
            "live": False,
            **figures,
        }
    ]
    today_point = trend[-1]
    assert (today_point["month"], today_point["taken_on"], today_point["live"]) == (
        str(today.replace(day=1)),
        str(today),
        True,
    ), "this month ends on today's figures"
    assert {key: today_point[key] for key in figures} == {key: body["district"][key] for key in figures}


def test_reciprocal_accountability_pipeline_and_roadmap_are_included(central, world):
    body = central.get(URL).json()
    assert {row["school"]["name"] for row in body["accountability"]["schools"]} == {"Alder", "Birch", "Cedar"}
    assert body["accountability"]["rule"]
    assert body["pipeline_summary"] == {"schools": [], "enrolled": 0, "completed": 0}
    assert [phase["stage"] for phase in body["roadmap"]["phases"]] == [
        "getting_started",
        "moving_forward",
        "sustaining",
    ]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, None])
def test_other_roles_are_refused(api, world, role):
    response = api(person(role, school=world["alder"]) if role else person()).get(URL)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_refusal_comes_before_input_is_read(api, world):
    response = api(person(Role.TEACHER, school=world["alder"])).get(URL, {"sort": "nonsense"})
    assert response.status_code == 403


def test_district_admins_see_it_and_anonymous_callers_do_not(api, world):
    assert api(person(Role.DISTRICT_ADMIN)).get(URL).status_code == 200
    assert api().get(URL).status_code == 401


def test_another_districts_schools_never_appear(api, lakeview, in_district):
    mine = SchoolFactory(name="Riverside Elementary", code="RIV1")
    with in_district(lakeview):
        theirs = SchoolFactory(name="Lakeview Elementary", code="LAK1")
        person(Role.TEACHER, school=theirs)
        lakeview_central = person(Role.CENTRAL_OFFICE)
    body = api(person(Role.CENTRAL_OFFICE)).get(URL).json()
    assert [row["name"] for row in body["schools"]] == ["Riverside Elementary"]
    assert body["schools"][0]["id"] == mine.pk and body["district"]["staff"] == 0
    with in_district(lakeview):
        lakeview_body = api(lakeview_central, district=lakeview).get(URL).json()
    assert [row["name"] for row in lakeview_body["schools"]] == ["Lakeview Elementary"]


# --- Query count -----------------------------------------------------------------------


def schools_with_people(n):
    """`n` schools, each with a teacher who submitted a self-assessment (rows to count)."""
    framework = educators()
    level = framework.levels.get(name="Proficient")
    indicator = Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR).first()
    for i in range(n):
        school = SchoolFactory(name=f"School {i:03d}")
        sa = SelfAssessment.objects.create(
            person=person(Role.TEACHER, school=school),
            framework=framework,
            status="submitted",
            submitted_at=datetime.datetime.now(datetime.UTC),
        )
        Rating.objects.create(self_assessment=sa, indicator=indicator, level=level)


# Every API request: two search-path switches, the domain, the token and the actor's roles
# = 5. Then the adopted frameworks (with their level scales) 1, every school's figures 2,
# the levels 3 (the framework's items, their themes, the means), the trend 1,
# the leader pipeline 2 and the roadmap 3 (the vision, the phases, the schools; a 4th for
# the milestones once a phase exists) = 12. Reciprocal accountability reads the figures.
API_QUERIES = 17


@pytest.mark.parametrize("n", [1, 50])
def test_the_api_takes_a_fixed_number_of_queries(api, n):
    schools_with_people(n)
    client = api(person(Role.CENTRAL_OFFICE))
    client.get(URL)  # the token's first use is recorded once; not part of the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    assert len(response.json()["schools"]) == n
    assert len(queries) == API_QUERIES, (
        "The district dashboard must cost the same at 150 schools as at one: a query per school "
        "would make it the slowest page in the district.\n" + "\n".join(q["sql"][:200] for q in queries)
    )
