"""How the dashboards show their figures: shares in percent, suppressed figures saying so,
heatmap cells coloured by level (with the number always written in the cell)."""

from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from dashboards import charts
from dashboards.charts import as_percent
from schools.models import GradeBand, ImplementationStage

register = template.Library()

SUPPRESSED = format_html(
    '<span class="suppressed">{}<span class="visually-hidden">'
    " people: not shown, so that nobody can be singled out</span></span>",
    charts.SUPPRESSED,
)
NO_RATINGS = mark_safe('<span aria-hidden="true">—</span><span class="visually-hidden">no ratings</span>')
HEAT_BANDS = 5


@register.filter
def share(value):
    """A 0..1 share as "87.5%"; a suppressed (or unknown) one as "fewer than 5"."""
    return SUPPRESSED if value is None else f"{as_percent(value)}%"


NOTHING = mark_safe('<span aria-hidden="true">—</span><span class="visually-hidden">nothing to count</span>')


@register.filter
def of(figures, name):
    """One of a figures row's shares or means, by name: "87.5%" for a share (`*_rate`),
    "fewer than 5" where it is suppressed, a dash where there is nothing to count."""
    value = figures.get(name)
    if value is None:
        return SUPPRESSED if name in figures.get("suppressed", ()) else NOTHING
    return f"{as_percent(value)}%" if name.endswith("_rate") else value


@register.filter
def figure(value):
    """A mean or a count; a suppressed (or unknown) one as "fewer than 5"."""
    return SUPPRESSED if value is None else value


@register.filter
def level(cell):
    """A level cell: its mean, "fewer than 5" when suppressed, a dash when nobody rated."""
    if cell["suppressed"]:
        return SUPPRESSED
    if cell["mean"] is None:
        return NO_RATINGS
    return cell["mean"]


def heat_band(mean, scale) -> int | None:
    """Which of five equal bands of the level scale (low, high) a mean falls in, 0 to 4."""
    low, high = scale
    if mean is None or low is None or high is None or high <= low:
        return None
    position = (Decimal(mean) - Decimal(low)) / (Decimal(high) - Decimal(low))
    return max(0, min(HEAT_BANDS - 1, int(position * HEAT_BANDS)))


@register.filter
def heat(cell, scale):
    """The CSS class of a heatmap cell."""
    if cell["suppressed"]:
        return "heat heat-suppressed"
    band = heat_band(cell["mean"], scale)
    return "heat heat-none" if band is None else f"heat heat-{band}"


def heat_cells(cells, scale) -> str:
    """A heatmap row's cells as HTML. Built here rather than in a template loop: the
    heatmaps hold thousands of cells at district scale, and a template would spend most of
    the page's time on them."""
    return format_html_join("", '<td class="{}">{}</td>', ((heat(c, scale), level(c)) for c in cells))


@register.filter
def grade_band_label(value):
    return GradeBand(value).label if value in GradeBand.values else value


@register.filter
def stage_label(value):
    return ImplementationStage(value).label if value in ImplementationStage.values else value
