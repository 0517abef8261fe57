"""Reciprocal accountability: what the district expects of each school beside the support it
gives in return, and where demands outrun support (PRODUCT.md).

A pure function over `school_figures()` output: no queries. Per school:

- expectations: active goals (each an expectation on its owner) and people asked to
  self-assess by an open window, per staff member; open windows are shown beside them;
- support: coaching cycles under way, observations in the last 90 days and
  micro-credentials in progress (together "support", per staff member), and
  professional-learning hours this school year (per staff member).

The rule (RULE below, returned in words with the figures): a school is flagged when its
staff are asked for something and get no support of any kind, or when each staff member
carries more expectations than in the district as a whole while getting less support and no
more learning hours than in the district as a whole. "The district as a whole" is every
school's row pooled, read by the same rule as each school (not the figures' district row,
whose figures about records leave hidden schools out while its staff count everyone).
Comparing with the whole district rather than a median of the schools shown keeps a
school's flag the same whatever filter the dashboard has on.

Suppressed and unknown figures: people asked to self-assess is None where fewer than five
were asked, and counts as zero (so the rule can miss, never invent, a school's load); goals
and work in progress are None for past dates, for every school at once, and the rule then
leaves them out on both sides and says so.
"""

from decimal import ROUND_HALF_UP, Decimal

RULE = (
    "A school is flagged when its staff are asked for something but get no support at all (no "
    "coaching cycles, no observations in the last 90 days, no micro-credentials in progress and no "
    "learning hours this school year), or when each staff member carries more expectations (active "
    "goals and self-assessments asked) than in the district as a whole while getting less support "
    "(coaching cycles, observations and micro-credentials in progress) and no more learning hours "
    "than in the district as a whole."
)
SUPPRESSED_NOTE = (
    "Where fewer than five people were asked to self-assess, the number is hidden and counts as zero."
)
PAST_NOTE = (
    "Goals and micro-credentials in progress are known only for today, so for this date they are "
    "left out on both sides."
)

TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")


def _n(value) -> Decimal:
    return Decimal(value or 0)


def _load(row: dict) -> tuple[Decimal, Decimal, Decimal]:
    """(expectations, support, learning hours) of a figures row, unknown parts as zero."""
    expectations = _n(row.get("active_goals")) + _n(row.get("self_assessment_asked"))
    support = (
        _n(row.get("active_cycles"))
        + _n(row.get("recent_observations"))
        + _n(row.get("credentials_in_progress"))
    )
    return expectations, support, _n(row.get("learning_hours"))


def _per(total: Decimal, staff: int) -> Decimal | None:
    return total / staff if staff else None


def _shown(value: Decimal | None, places: Decimal = TWO_PLACES) -> Decimal | None:
    return None if value is None else value.quantize(places, rounding=ROUND_HALF_UP)


def _benchmark(rows: list[dict]) -> dict:
    """Every school pooled, each read by the same rule as a school on its own (a hidden
    number of people asked counts as zero), so that the comparison is like for like."""
    staff = sum(row["staff"] or 0 for row in rows)
    totals = [sum(parts) for parts in zip(*(_load(row) for row in rows), strict=True)] or [Decimal(0)] * 3
    return {
        "expectations_per_staff": _per(totals[0], staff),
        "support_per_staff": _per(totals[1], staff),
        "hours_per_staff": _per(totals[2], staff),
    }


def _judge(staff: int, load: tuple, per: dict, benchmark: dict) -> tuple[bool, str]:
    expectations, support, hours = load
    if not staff:
        return False, "No staff on this date."
    if not expectations:
        return False, "Nothing is asked of the staff."
    if not support and not hours:
        return True, (
            f"{expectations:.0f} expectations on {staff} staff with no coaching, observations, "
            "micro-credentials in progress or learning hours."
        )
    district = benchmark
    if (
        district["expectations_per_staff"] is not None
        and per["expectations"] > district["expectations_per_staff"]
        and per["support"] < district["support_per_staff"]
        and per["hours"] <= district["hours_per_staff"]
    ):
        return True, (
            f"{_shown(per['expectations'])} expectations per staff member (district "
            f"{_shown(district['expectations_per_staff'])}) with {_shown(per['support'])} support per staff "
            f"member (district {_shown(district['support_per_staff'])}) and "
            f"{_shown(per['hours'], ONE_PLACE)} learning hours per staff member (district "
            f"{_shown(district['hours_per_staff'], ONE_PLACE)})."
        )
    return False, "Support keeps pace with expectations."


def reciprocal_accountability(*, figures: dict, every_school: list[dict] | None = None) -> dict:
    """Expectations beside support for each school in `figures` (school_figures() output),
    flagged schools first (otherwise in the given order), with the rule in words.

    Returns {"on", "rule", "notes": [str], "benchmark": {expectations_per_staff,
    support_per_staff, hours_per_staff}, "flagged_count", "schools": [{"school": {id, name},
    "staff", "expectations": {active_goals, open_windows, self_assessment_asked, per_staff},
    "support": {active_cycles, recent_observations, credentials_in_progress, learning_hours,
    per_staff, hours_per_staff}, "flagged", "reason"}]}. No queries.

    `every_school` is every school's row, the district the schools are compared with when
    `figures` holds only some (a filtered dashboard); by default the schools in `figures`.
    """
    benchmark = _benchmark(every_school if every_school is not None else figures["schools"])
    past = any(row.get("active_goals") is None for row in figures["schools"])
    rows = []
    for row in figures["schools"]:
        staff = row["staff"] or 0
        load = _load(row)
        per = {
            "expectations": _per(load[0], staff),
            "support": _per(load[1], staff),
            "hours": _per(load[2], staff),
        }
        flagged, reason = _judge(staff, load, per, benchmark)
        rows.append(
            {
                "school": {"id": row["id"], "name": row["name"]},
                "staff": staff,
                "expectations": {
                    "active_goals": row.get("active_goals"),
                    "open_windows": row.get("open_windows"),
                    "self_assessment_asked": row.get("self_assessment_asked"),
                    "per_staff": _shown(per["expectations"]),
                },
                "support": {
                    "active_cycles": row.get("active_cycles"),
                    "recent_observations": row.get("recent_observations"),
                    "credentials_in_progress": row.get("credentials_in_progress"),
                    "learning_hours": row.get("learning_hours"),
                    "per_staff": _shown(per["support"]),
                    "hours_per_staff": _shown(per["hours"], ONE_PLACE),
                },
                "flagged": flagged,
                "reason": reason,
            }
        )
    rows.sort(key=lambda r: not r["flagged"])  # stable: the given order within each group
    return {
        "on": figures.get("on"),
        "rule": RULE,
        "notes": [SUPPRESSED_NOTE, *([PAST_NOTE] if past else [])],
        "benchmark": {
            "expectations_per_staff": _shown(benchmark["expectations_per_staff"]),
            "support_per_staff": _shown(benchmark["support_per_staff"]),
            "hours_per_staff": _shown(benchmark["hours_per_staff"], ONE_PLACE),
        },
        "flagged_count": sum(1 for r in rows if r["flagged"]),
        "schools": rows,
    }
