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
