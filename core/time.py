import datetime
import zoneinfo

from django.db import connection
from django.utils import timezone


def district_timezone() -> zoneinfo.ZoneInfo:
    """The current district's time zone (UTC in the public schema)."""
    tz_name = getattr(getattr(connection, "tenant", None), "timezone", None) or "UTC"
    return zoneinfo.ZoneInfo(tz_name)


def district_today() -> datetime.date:
    """Today's date where the current district is, which is what its people mean by today."""
    return timezone.localdate(timezone=district_timezone())


# US school years run from August to July; "this school year" counts from August 1.
SCHOOL_YEAR_STARTS = (8, 1)


def school_year_start(day: datetime.date) -> datetime.date:
    """The first day of the school year that `day` falls in."""
    start = datetime.date(day.year, *SCHOOL_YEAR_STARTS)
    return start if day >= start else start.replace(year=day.year - 1)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the district, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=district_timezone())
