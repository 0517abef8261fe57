"""The district dashboard page: what the central office sees for the small district in
district_fixture.py, "fewer than 5" where a figure is suppressed, sorting and filtering
links, the heatmaps, the drill-down to each school, who may open it, and a fixed number
of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.dates import format_date, format_month
from core.roles import Role
from core.time import district_today
from dashboards.district.views import heat_legend
from dashboards.models import Snapshot
from dashboards.templatetags.dashboard_format import heat_band, heat_edges
from tests.dashboards.district.test_api import schools_with_people
from tests.dashboards.district_fixture import small_district
from tests.factories import SchoolFactory, person
from tests.support import get

pytestmark = pytest.mark.django_db

URL = "/dashboards/district/"


@pytest.fixture
def world():
    return small_district()


@pytest.fixture
def central(client):
    client.force_login(person(Role.CENTRAL_OFFICE))
    return client


def text(html: str) -> str:
    """The page's text, tags dropped and spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def row(html: str, name: str) -> str:
    """The text of the school table's row for `name`."""
    table = section(html, "schools")
    match = re.search(rf"<tr>\s*<th scope=\"row\"><a [^>]*>{name}</a></th>(.*?)</tr>", table, re.S)
    assert match, f"no row for {name}"
    return text(match.group(1))


def test_the_school_table_shows_each_figure(central, world):
    html = get(central, URL).content.decode()
    # Grade band, staff, completion, EC.1 to EC.4, cycles, check-ins, goals, credentials,
    # enrollments, stage.
    assert (
        row(html, "Alder")
        == "Elementary 6 83.3% 2.80 — no ratings — no ratings — no ratings 2 70.0% 60.0% 3 2 Moving forward"
    )
    suppressed = "fewer than 5 people: not shown, so that nobody can be singled out"
    assert row(html, "Birch") == (
        f"Middle 4 {suppressed} {suppressed} — no ratings — no ratings — no ratings "
        f"1 {suppressed} {suppressed} 1 1 Getting started"
    )
    # The district: all 10 staff, 3 cycles, 4 credentials, 3 enrollments; its figures about
    # records count only the people behind a figure shown, Alder's (Birch's are suppressed):
    # 5 of 6 answered, EC.1 14 / 5 = 2.80, 7 of 10 check-ins on time, 3 of 5 goals on track.
    footer = text(html[html.index('<tr class="district-row">') : html.index("</tfoot>")])
    assert (
        footer
        == "District (all schools) 10 83.3% 2.80 — no ratings — no ratings — no ratings 3 70.0% 60.0% 4 3"
    )


def test_each_school_links_to_its_own_dashboard(central, world):
    html = get(central, URL).content.decode()
    for school in (world["alder"], world["birch"], world["cedar"]):
        url = reverse("dashboards:school", args=[school.pk])
        assert url == f"/dashboards/schools/{school.pk}/"
        assert f'<a href="{url}">{school.name}</a>' in html


def test_column_headings_sort_and_say_which_way(central, world):
    html = get(central, URL).content.decode()
    assert re.search(
        r'<th scope="col" aria-sort="ascending">\s*<a href="\?framework=\d+&amp;sort=-name">School</a>', html
    )
    assert f'<a href="?framework={world["framework"].pk}&amp;sort=-staff">' not in html
    html = get(central, URL + "?sort=-staff&stage=moving_forward").content.decode()
    staff = re.search(
        r'<th scope="col" aria-sort="descending" class="num">\s*<a href="([^"]+)">Staff</a>', html
    )
    assert staff, "the staff column says it is sorted descending"
    assert staff.group(1) == f"?framework={world['framework'].pk}&amp;stage=moving_forward&amp;sort=staff"
    assert (
        f'href="?framework={world["framework"].pk}&amp;stage=moving_forward&amp;sort=domain%3A{world["ec1"].pk}"'
        in html
    )


def test_sorting_and_filtering_change_the_rows(central, world):
    names = lambda html: re.findall(r'<th scope="row"><a href="/dashboards/schools/\d+/">(\w+)</a>', html)  # noqa: E731
    assert names(get(central, URL + "?sort=-staff").content.decode()) == ["Alder", "Birch", "Cedar"]
    assert names(get(central, URL + "?sort=staff").content.decode()) == ["Cedar", "Birch", "Alder"]
    html = get(central, URL + "?stage=getting_started").content.decode()
    assert names(html) == ["Birch"]
    assert '<option value="getting_started" selected>' in html
    assert "1 school matching the filters" in html
    assert names(get(central, URL + "?grade_band=high").content.decode()) == ["Cedar"]


def test_the_heatmaps_colour_each_cell_and_write_its_number(central, world):
    html = get(central, URL).content.decode()
    competencies = section(html, "heatmap-competency")
    alder = re.search(r"<tr><th scope=\"row\">Alder</th>(.*?)</tr>", competencies).group(1)
    cells = re.findall(r'<td class="([^"]+)">(.*?)</td>', alder)
    assert len(cells) == 12
    assert [c for c in cells if c[1] == "2.80"] == [
        ("heat heat-2", "2.80")
    ] * 3  # below Proficient (3): the highest of the three bands under the line, 2.33 to 2.99
    birch = re.search(r"<tr><th scope=\"row\">Birch</th>(.*?)</tr>", competencies).group(1)
    suppressed = re.findall(r'<td class="heat heat-suppressed">(.*?)</td>', birch)
    assert len(suppressed) == 3 and all("fewer than 5" in cell for cell in suppressed)
    assert "not shown, so that nobody can be singled out" in suppressed[0]
    district = re.search(
        r'<tr class="district-row"><th scope="row">District \(all schools\)</th>(.*?)</tr>', competencies
    )
    # Alder's five only (Birch's four are suppressed): 2.80, the same band as Alder's.
    assert district.group(1).count('<td class="heat heat-2">2.80</td>') == 3
    themes = section(html, "heatmap-theme")
    assert "Equity and Inclusion" in themes
    assert re.findall(
        r'<td class="heat heat-suppressed">[^<]*<span class="suppressed">fewer than 5', themes
    ), "Birch's theme cells are suppressed and say so"
    legend = text(section(html, "heatmap-theme")[: themes.index("</ul>")])
    assert (
        "Below proficient: 1.00\u20131.66 1.67\u20132.32 2.33\u20132.99 "
        "Proficient and above: 3.00\u20133.49 3.50\u20134.00" in legend
    ), "the bands split at the proficiency line, none straddles it"
    assert "fewer than 5 people: hidden" in legend


def test_the_trend_has_a_chart_and_a_table_with_the_same_numbers(central, world):
    day = district_today().replace(day=1) - datetime.timedelta(days=1)
    Snapshot.objects.create(
        taken_on=day,
        figures={"staff": 10, "self_assessment_rate": "0.875", "mean_level": "2.50", "active_cycles": 3,
                 "check_in_on_time_rate": None, "goals_on_track_rate": "0.400", "credentials_earned": 2,
                 "enrollments": 1},
    )  # fmt: skip
    html = get(central, URL).content.decode()
    trend = section(html, "trend")
    assert '<canvas id="district-trend-shares" data-chart="district-trend-shares-data" role="img"' in trend
    assert '<script id="district-trend-shares-data" type="application/json">' in trend
    data = re.search(
        r'<script id="district-trend-shares-data" type="application/json">(.*?)</script>', trend
    ).group(1)
    # Last month's snapshot, then this month as of today: the district's row (83.3%, 70.0%, 60.0%).
    assert (
        '"data": [87.5, 83.3]' in data and '"data": [null, 70.0]' in data and '"data": [40.0, 60.0]' in data
    )
    shares = text(trend[trend.index('id="district-trend-shares-table"') :].split("</table>")[0])
    today = district_today()
    assert f"{format_month(day)}, {format_date(day, 'short')} 87.5% — 40.0%" in shares
    assert shares.endswith(f"{format_month(today)}, as of {format_date(today, 'short')} 83.3% 70.0% 60.0%")
    assert "vendor/chart.umd.min.js" in html and "dashboards/charts.js" in html


def test_downloads_sit_next_to_their_tables_and_keep_the_filters(central, world):
    html = get(central, URL + "?stage=moving_forward&sort=-staff").content.decode()
    pk = world["framework"].pk
    assert (
        f'href="/dashboards/district/schools.csv?framework={pk}&amp;stage=moving_forward&amp;sort=-staff"'
        in html
    )
    assert (
        f'href="/dashboards/district/heatmap.csv?framework={pk}&amp;stage=moving_forward&amp;sort=-staff&amp;by=theme"'
        in html
    )
    assert 'href="/dashboards/district/trend.csv"' in html


def test_the_other_sections_are_included(central, world):
    html = get(central, URL).content.decode()
    assert 'id="accountability-heading">Reciprocal accountability' in html
    assert 'id="pipeline-summary-heading">Leader pipeline' in html
    assert 'id="roadmap-summary-heading">Vision and roadmap' in html


def test_bad_filters_answer_400_with_the_errors_by_their_fields(central, world):
    response = get(central, URL + "?stage=finished&sort=salary")
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'<ul class="errorlist" id="id_stage_error" role="alert"><li>Choose one of', html)
    assert "sort: Sort by one of" in html
    assert 'id="schools"' not in html


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER])
def test_other_roles_get_the_403_page(client, world, role):
    client.force_login(person(role, school=world["alder"]))
    for path in (URL, URL + "schools.csv", URL + "heatmap.csv", URL + "trend.csv"):
        response = get(client, path)
        assert response.status_code == 403, path
    assert "The district dashboard is for the central office." in get(client, URL).content.decode()


def test_district_admins_open_it_and_anonymous_visitors_sign_in_first(client, world):
    response = get(client, URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(person(Role.DISTRICT_ADMIN))
    assert get(client, URL).status_code == 200


def test_another_districts_schools_never_appear(central, lakeview, in_district):
    SchoolFactory(name="Riverside Elementary")
    with in_district(lakeview):
        SchoolFactory(name="Lakeview Elementary")
    html = get(central, URL).content.decode()
    assert "Riverside Elementary" in html and "Lakeview Elementary" not in html


# Per page: the tenant middleware's 3 (search path, domain, search path), the session, its
# user, the actor's roles and the inbox badge's unread count = 7; then the dashboard's 12
# (see test_api.py) = 19.
PAGE_QUERIES = 19


@pytest.mark.parametrize("n", [1, 50])
def test_the_page_takes_a_fixed_number_of_queries(central, n):
    schools_with_people(n)
    get(central, URL)
    with CaptureQueriesContext(connection) as queries:
        response = get(central, URL)
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row"><a href="/dashboards/schools/') == n
    assert len(queries) == PAGE_QUERIES, (
        "The district dashboard must cost the same at 150 schools as at one: a query per school "
        "would make it the slowest page in the district.\n" + "\n".join(q["sql"][:200] for q in queries)
    )


@pytest.mark.parametrize(
    ("mean", "band"),
    [("1.00", 0), ("2.99", 2), ("3.00", 3), ("3.49", 3), ("3.50", 4), ("4.00", 4)],
)
def test_heat_bands_split_at_the_proficiency_line(mean, band):
    """Five equal bands of 1..4 put 2.80 and 3.20 in one colour (2.80 to 3.40), one side
    below Proficient and the other above it."""
    scale = (Decimal("1.00"), Decimal("4.00"), Decimal("3.00"))
    assert heat_band(Decimal(mean), scale) == band


def test_a_scale_without_a_proficient_level_keeps_five_equal_bands():
    scale = (Decimal("1.00"), Decimal("4.00"), None)
    assert heat_edges(scale) == [Decimal(e) for e in ("1.00", "1.60", "2.20", "2.80", "3.40")]
    assert [band["proficient"] for band in heat_legend(scale)] == [None] * 5
