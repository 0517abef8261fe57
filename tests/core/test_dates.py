"""One date format per locale, through core/dates.py: pages never format a date their own way."""

import datetime
import pathlib
import re
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from core.dates import format_date, format_datetime, format_month, format_time

ROOT = pathlib.Path(__file__).resolve().parents[2]
DAY = datetime.date(2026, 12, 4)
MOMENT = datetime.datetime(2026, 12, 4, 17, 5, tzinfo=datetime.UTC)
# Machine-readable dates stay ISO 8601: a <time datetime="..."> attribute, a query string.
MACHINE_FORMATS = {"c", "Y-m-d"}


def test_dates_and_times_read_one_way_in_english():
    assert format_date(DAY) == "Dec 4, 2026"
    assert format_date(MOMENT) == "Dec 4, 2026"
    assert format_date(DAY, "short") == "Dec 4"
    assert format_date(DAY, "weekday") == "Fri, Dec 4, 2026"
    assert format_month(DAY) == "Dec 2026"
    assert format_time(MOMENT) == "5:05 PM"
    assert format_datetime(MOMENT) == "Dec 4, 2026, 5:05 PM"
    assert format_date(None) == format_datetime(None) == ""


def test_a_moment_is_shown_in_local_time():
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        assert format_datetime(MOMENT) == "Dec 4, 2026, 12:05 PM"
        assert format_date(datetime.datetime(2026, 12, 5, 2, 0, tzinfo=datetime.UTC)) == "Dec 4, 2026"


def test_a_sentence_ending_in_a_time_has_one_period():
    """Django's "a" wrote "5:05 p.m." and "Last changed Dec 4, 2026, 5:05 p.m.." followed."""
    text = Template("Last changed {{ when|format_datetime }}.").render(Context({"when": MOMENT}))
    assert text == "Last changed Dec 4, 2026, 5:05 PM."
    assert ".." not in text


def test_another_locale_uses_its_own_format():
    with translation.override("de"):
        assert format_date(DAY) == "4. Dezember 2026"


def test_a_style_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="style must be one of"):
        format_date(DAY, "long")


def test_every_template_writes_dates_through_the_helper():
    offenders = []
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in re.finditer(r"\|(?:date|time)(?::([\"'])(.*?)\1)?", line):
                if match.group(2) not in MACHINE_FORMATS:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert not offenders, "use |format_date, |format_datetime, |format_time or |format_month:\n" + "\n".join(
        offenders
    )
