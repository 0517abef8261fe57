"""A perception survey says how it closes: by its date, or early by its leader. It never
reads "Closed" beside a closing date still to come."""

import datetime
import re

import pytest

from assessments.models import PerceptionSurvey
from core.dates import format_date
from core.time import district_today
from tests.assessments.perception.test_perception import b21, open_survey, school_with_staff
from tests.support import get

__all__ = ["b21", "school_with_staff"]
pytestmark = pytest.mark.django_db


def closing_cells(html: str) -> list[str]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.DOTALL)
    text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    return [t for t in text if "Report" in t]


def test_a_survey_closed_early_says_so_and_an_open_or_past_one_says_when(api, client, b21, school_with_staff):
    school, principal, _staff = school_with_staff
    early = open_survey(api, principal, school, b21)
    assert api(principal).post(f"/api/v1/perception-surveys/{early['id']}/close/").status_code == 200
    still_open = open_survey(api, principal, school, b21)
    past = open_survey(api, principal, school, b21)
    yesterday = district_today() - datetime.timedelta(days=1)
    PerceptionSurvey.objects.filter(pk=past["id"]).update(closes_on=yesterday)
    in_two_weeks = format_date(district_today() + datetime.timedelta(days=14))

    client.force_login(principal)
    rows = closing_cells(get(client, "/perception/").content.decode())

    assert any(f"Closed early (was to close {in_two_weeks})" in row for row in rows), rows
    assert any(f"Closes {in_two_weeks}" in row for row in rows), rows
    assert any(f"Closed {format_date(yesterday)}" in row for row in rows), rows
    assert not any(f"{in_two_weeks} Closed" in row for row in rows), "closed beside a date still to come"
    report = get(client, f"/perception/{early['id']}/report/").content.decode()
    assert "Closed early" in report and f"Closes {in_two_weeks}" not in report
    assert still_open["id"] != early["id"]
