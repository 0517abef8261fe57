"""What every figure query shares: one date's parameters (`Day`), who counts as staff on a
date (`IN_FORCE`, `STAFF_SQL`), suppression where fewer than five people stand behind a
share or a mean, and reading a raw query's rows (`fetch`)."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from assessments.windows.selectors import SMALL_GROUP
from core.time import district_timezone, district_today, school_year_start, start_of_day
from dashboards.figures import ON_TIME_DAYS, RECENT_OBSERVATION_DAYS

# A membership `m` in force on %(on)s, held by someone who was active then, at a school
# still active: who counts as staff that day. Ended memberships keep their dates, so
# history still sees them; one ended today (end date today, already inactive) was in force
# on every earlier date, and so was a person deactivated since. A deactivated school keeps
# its memberships but has no row, so its people count nowhere (counted in the district's
# row only, they would be the difference between it and the schools shown).
IN_FORCE = """(
    m.start_date <= %(on)s AND (m.end_date IS NULL OR m.end_date >= %(on)s)
    AND (m.is_active OR m.end_date < %(today)s OR m.end_date > %(on)s)
    AND EXISTS (SELECT 1 FROM accounts_user u
                WHERE u.id = m.user_id AND (u.is_active OR u.deactivated_at >= %(until)s))
    AND EXISTS (SELECT 1 FROM schools_school sc WHERE sc.id = m.school_id AND sc.is_active)
)"""

# Who works at one school (%(school)s) on the date: the same rule as the figures.
STAFF_SQL = f"""
staff AS (
    SELECT DISTINCT m.user_id
    FROM schools_membership m
    WHERE m.school_id = %(school)s AND {IN_FORCE}
)"""


@dataclass(frozen=True)
class Day:
    """One date in the district, with the instants and ranges the queries need."""

    on: datetime.date
    today: datetime.date

    @classmethod
    def of(cls, on: datetime.date | None = None) -> "Day":
        today = district_today()
        return cls(on=on or today, today=today)

    def params(self) -> dict:
        return {
            "on": self.on,
            "today": self.today,
            "tz": str(district_timezone()),
            "until": start_of_day(self.on + datetime.timedelta(days=1)),
            "year_start": start_of_day(school_year_start(self.on)),
            "on_time_from": self.on - datetime.timedelta(days=ON_TIME_DAYS),
            "observed_from": self.on - datetime.timedelta(days=RECENT_OBSERVATION_DAYS),
            "small": SMALL_GROUP,
        }


def share(part, whole, *, people: int) -> Decimal | None:
    """`part / whole` to three decimals, or None when fewer than five people stand behind it."""
    if people < SMALL_GROUP or not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def mean(total, count, *, people: int) -> Decimal | None:
    if people < SMALL_GROUP or not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fetch(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
