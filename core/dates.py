"""How Lodestar writes a date or a time for people: one format per locale, in one place.

Every page, email and chart label that shows a date goes through these functions (in
templates through the `format_date`, `format_datetime`, `format_time` and `format_month`
filters of `core/templatetags/dates.py`, loaded on every template). Machine-readable dates
(CSV cells, `<time datetime="...">`, the API) stay ISO 8601 and do not come here.

A locale's formats are Django date-format strings; a locale not listed falls back to
Django's own formats for it. English writes times as "2:05 PM": "p.m." would end a
sentence with two periods.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language

FORMATS = {
    "en": {
        "date": "M j, Y",  # Dec 4, 2026
        "short": "M j",  # Dec 4, where the year goes without saying (a due date this term)
        "weekday": "D, M j, Y",  # Fri, Dec 4, 2026
        "month": "M Y",  # Dec 2026
        "time": "g:i A",  # 2:05 PM
        "datetime": "M j, Y, g:i A",  # Dec 4, 2026, 2:05 PM
    },
}
DJANGO_NAMES = {
    "date": "DATE_FORMAT",
    "short": "MONTH_DAY_FORMAT",
    "weekday": "DATE_FORMAT",
    "month": "YEAR_MONTH_FORMAT",
    "time": "TIME_FORMAT",
    "datetime": "DATETIME_FORMAT",
}
DATE_STYLES = ("date", "short", "weekday")


def _format(kind: str) -> str:
    language = (get_language() or "en").lower()
    for code in (language, language.split("-")[0]):
        if code in FORMATS:
            return FORMATS[code][kind]
    return get_format(DJANGO_NAMES[kind])


def _local(value):
    """An aware datetime in the current time zone; dates and naive values as they are."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value, style: str = "date") -> str:
    """A date (or a datetime's local date) as people read it: "Dec 4, 2026"; `style`
    "short" leaves out the year ("Dec 4"), "weekday" adds the day ("Fri, Dec 4, 2026").
    None (or an empty value) is an empty string."""
    if value in (None, ""):
        return ""
    if style not in DATE_STYLES:
        raise ValueError(f"style must be one of {', '.join(DATE_STYLES)}, not {style!r}")
    return date_format(_local(value), _format(style))


def format_datetime(value) -> str:
    """A moment in local time: "Dec 4, 2026, 2:05 PM"."""
    if value in (None, ""):
        return ""
    return date_format(_local(value), _format("datetime"))


def format_time(value) -> str:
    """A time of day in local time: "2:05 PM"."""
    if value in (None, ""):
        return ""
    return date_format(_local(value), _format("time"))


def format_month(value) -> str:
    """A month: "Dec 2026" (a trend's point, a chart's label)."""
    if value in (None, ""):
        return ""
    return date_format(_local(value), _format("month"))


# --- Which dates a district can mean ---------------------------------------------------------

# Lodestar records school years: nothing a district writes happened before 1990 or is planned
# more than ten years ahead. 0001-01-01 and 9999-12-31 are typing slips or attacks, and break
# every calculation that adds days to them.
EARLIEST_YEAR = 1990
YEARS_AHEAD = 10
DATE_RANGE_HELP = f"Between {EARLIEST_YEAR}-01-01 and ten years from today."


def latest_date() -> datetime.date:
    today = datetime.date.today()
    return today.replace(year=today.year + YEARS_AHEAD, day=28 if today.month == 2 else today.day)


def validate_district_date(value) -> None:
    """Refuse a date (or a datetime's date) outside EARLIEST_YEAR .. ten years from today."""
    from django.core.exceptions import ValidationError

    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day < datetime.date(EARLIEST_YEAR, 1, 1) or day > latest_date():
        raise ValidationError(
            f"Enter a date between {EARLIEST_YEAR}-01-01 and {latest_date().isoformat()}.",
            code="date_out_of_range",
        )
