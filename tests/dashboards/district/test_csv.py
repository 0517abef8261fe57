"""The district dashboard's CSV downloads, read back exactly for the small district in
district_fixture.py: the school table (filtered and sorted as on the page), the heatmaps
and the trend. Streamed, with "fewer than 5" where the page says it."""

import csv
import datetime
import io

import pytest

from core.roles import Role
from core.time import district_today
from dashboards.models import Snapshot
from tests.dashboards.district_fixture import small_district
from tests.factories import person
from tests.support import get

pytestmark = pytest.mark.django_db

URL = "/dashboards/district/"
FEWER = "fewer than 5"


@pytest.fixture
def world():
    return small_district()


@pytest.fixture
def central(client):
    client.force_login(person(Role.CENTRAL_OFFICE))
    return client


def download(client, path) -> list[list[str]]:
    response = get(client, path)
    assert response.status_code == 200, response
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="district-')
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


SCHOOLS_HEADER = [
    "School",
    "Code",
    "Grade band",
    "Staff",
    "Self-assessment completion (%)",
    "Mean level: EC.1 Learner-centered design and instruction",
    "Mean level: EC.2 Assessment for mastery",
    "Mean level: EC.3 Equitable, inclusive classrooms",
    "Mean level: EC.4 Professional growth and collaboration",
    "Active coaching cycles",
    "Check-ins on time (30 days) (%)",
    "Active goals on track (%)",
    "Credentials earned this school year",
    "Pathway enrollments",
    "Stage",
]
ALDER = [
    "Alder",
    "ALD",
    "Elementary",
    "6",
    "83.3",
    "2.80",
    "",
    "",
    "",
    "2",
    "70.0",
    "60.0",
    "3",
    "2",
    "Moving forward",
]
BIRCH = [
    "Birch",
    "BIR",
    "Middle",
    "4",
    FEWER,
    FEWER,
    "",
    "",
    "",
    "1",
    FEWER,
    FEWER,
    "1",
    "1",
    "Getting started",
]
# No staff: nobody stands behind a share, so there is nothing to count (the page says "nothing
# to count"), which is not a suppression.
CEDAR = ["Cedar", "CED", "High", "0", "", "", "", "", "", "0", "", "", "0", "0", "Sustaining"]
# Staff and activity are the whole district's (Alder + Birch: 6 + 4 staff, 2 + 1 cycles,
# 3 + 1 credentials, 2 + 1 enrollments). Birch's figures about records are suppressed, so
# the district's count Alder's people only (else the district less Alder would be Birch):
# completion 5 of 6, EC.1 (4 + 3 + 3 + 2 + 2) / 5 = 2.80, check-ins 7 of 10, goals 3 of 5.
DISTRICT = [
    "District (all schools)",
    "",
    "",
    "10",
    "83.3",
    "2.80",
    "",
    "",
    "",
    "3",
    "70.0",
    "60.0",
    "4",
    "3",
    "",
]


def test_the_school_table_downloads_as_shown(central, world):
    assert download(central, URL + "schools.csv") == [SCHOOLS_HEADER, ALDER, BIRCH, CEDAR, DISTRICT]


def test_the_school_table_download_keeps_the_filters_and_the_order(central, world):
    rows = download(central, URL + "schools.csv?sort=-stage")
    assert [row[0] for row in rows[1:]] == ["Cedar", "Alder", "Birch", "District (all schools)"]
    assert download(central, URL + "schools.csv?grade_band=middle") == [SCHOOLS_HEADER, BIRCH, DISTRICT]


def test_the_theme_heatmap_downloads_with_suppressed_cells_saying_so(central, world):
    """EC.1 is tagged with four of the six themes (see the framework): those cells have
    Alder's 2.80, Birch's suppressed mean and the district's 2.80 (Alder's five only: the
    district leaves out the people behind a suppressed cell)."""
    rated = ["Equity and Inclusion", "Risk-taking and Innovation", "Learner-Centered Approaches", "Coherence and Alignment"]  # fmt: skip
    header = ["School", "Code", "Equity and Inclusion", "Risk-taking and Innovation", "Continuous Improvement",
              "Change Management", "Learner-Centered Approaches", "Coherence and Alignment"]  # fmt: skip

    def line(name, code, value):
        return [name, code, *[value if theme in rated else "" for theme in header[2:]]]

    assert download(central, URL + "heatmap.csv?by=theme") == [
        header,
        line("Alder", "ALD", "2.80"),
        line("Birch", "BIR", FEWER),
        line("Cedar", "CED", ""),
        line("District (all schools)", "", "2.80"),
    ]


def test_the_competency_heatmap_is_the_default_download(central, world):
    rows = download(central, URL + "heatmap.csv")
    header = rows[0]
    assert header[:2] == ["School", "Code"] and len(header) == 14
    ec1 = {n for n, name in enumerate(header) if name.startswith("EC.1.")}
    assert {header[n] for n in ec1} == {
        "EC.1.1 Competency-aligned design",
        "EC.1.2 Personalized pace, path and support",
        "EC.1.3 Authentic, relevant learning",
    }
    # The district's cells are Alder's (14 / 5): Birch's four are suppressed, so left out.
    expected = {"Alder": "2.80", "Birch": FEWER, "Cedar": "", "District (all schools)": "2.80"}
    assert [row[0] for row in rows[1:]] == list(expected)
    for row in rows[1:]:
        assert row[2:] == [expected[row[0]] if n in ec1 else "" for n in range(2, 14)]
    assert rows == download(central, URL + "heatmap.csv?by=competency")


def test_an_unknown_heatmap_is_a_400_naming_by(central, world):
    response = get(central, URL + "heatmap.csv?by=domain")
    assert response.status_code == 400
    assert response.content.decode() == "by: Choose one of: competency, theme."
    response = get(central, URL + "schools.csv?stage=done")
    assert response.status_code == 400 and response.content.decode().startswith("stage: ")


def test_the_trend_downloads_month_by_month(central, world):
    end = district_today().replace(day=1) - datetime.timedelta(days=1)
    before = end.replace(day=1) - datetime.timedelta(days=1)
    figures = {"staff": 10, "self_assessment_rate": "0.875", "mean_level": "2.50", "active_cycles": 3,
               "check_in_on_time_rate": "0.643", "goals_on_track_rate": None, "credentials_earned": 2,
               "enrollments": 1}  # fmt: skip
    Snapshot.objects.create(taken_on=before, figures={**figures, "staff": 8, "check_in_on_time_rate": None})
    Snapshot.objects.create(taken_on=end - datetime.timedelta(days=1), figures={**figures, "staff": 99})
    Snapshot.objects.create(taken_on=end, figures=figures)
    Snapshot.objects.create(taken_on=end, school=world["alder"], figures={**figures, "staff": 6})
    today = district_today()
    assert download(central, URL + "trend.csv") == [
        ["Month", "As of", "Staff", "Self-assessment completion (%)", "Mean self-rated level",
         "Active coaching cycles", "Check-ins on time (30 days) (%)", "Active goals on track (%)",
         "Credentials earned this school year", "Pathway enrollments"],
        [f"{before:%Y-%m}", str(before), "8", "87.5", "2.50", "3", "", "", "2", "1"],
        [f"{end:%Y-%m}", str(end), "10", "87.5", "2.50", "3", "64.3", "", "2", "1"],
        # This month as of today: the district's row (tests/dashboards/district_fixture.py).
        [f"{today:%Y-%m}", str(today), "10", "83.3", "2.80", "3", "70.0", "60.0", "4", "3"],
    ]  # fmt: skip
