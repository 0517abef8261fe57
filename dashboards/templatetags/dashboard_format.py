"""How the dashboards show their figures: shares in percent, suppressed figures saying so,
heatmap cells coloured by level (with the number always written in the cell)."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from dashboards import charts
from dashboards.charts import as_percent
from dashboards.figures import FIGURES
from schools.models import GradeBand, ImplementationStage

register = template.Library()

SUPPRESSED = format_html(
    '<span class="suppressed">{}<span class="visually-hidden">'
    " people: not shown, so that nobody can be singled out</span></span>",
    charts.SUPPRESSED,
)
NO_RATINGS = mark_safe('<span aria-hidden="true">—</span><span class="visually-hidden">no ratings</span>')
HEAT_BANDS = 5
BANDS_BELOW = 3  # of the five, below the proficiency line
TWO_PLACES = Decimal("0.01")


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
def figure_label(key):
    """A figure's name, from its one definition (dashboards.figures.FIGURES)."""
    return FIGURES[key].label


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


def heat_edges(scale) -> list[Decimal] | None:
    """Where each of the five colour bands starts, on the framework's level scale (low,
    high, proficient): three bands below the proficiency line and two from it up, so that
    no band holds both a mean below proficient and one at or above it. A scale without a
    proficient level (or with it at the bottom) is cut into five equal bands. Edges are
    rounded like the means they sort (two decimals)."""
    low, high, proficient = (*scale, None)[:3]
    if low is None or high is None or high <= low:
        return None
    low, high = Decimal(low), Decimal(high)
    if proficient is not None and low < Decimal(proficient) <= high:
        line = Decimal(proficient)
        below, above = (line - low) / BANDS_BELOW, (high - line) / (HEAT_BANDS - BANDS_BELOW)
        edges = [low + below * n for n in range(BANDS_BELOW)]
        edges += [line + above * n for n in range(HEAT_BANDS - BANDS_BELOW)]
    else:
        step = (high - low) / HEAT_BANDS
        edges = [low + step * n for n in range(HEAT_BANDS)]
    return [edge.quantize(TWO_PLACES, rounding=ROUND_HALF_UP) for edge in edges]


def heat_band(mean, scale, edges=None) -> int | None:
    """Which of the five bands (0 to 4) a mean falls in; bands 3 and 4 are proficient and above."""
    edges = edges if edges is not None else heat_edges(scale)
    if mean is None or edges is None:
        return None
    return max([0] + [n for n, edge in enumerate(edges) if Decimal(mean) >= edge])


@register.filter
def heat(cell, scale, edges=None):
    """The CSS class of a heatmap cell."""
    if cell["suppressed"]:
        return "heat heat-suppressed"
    band = heat_band(cell["mean"], scale, edges)
    return "heat heat-none" if band is None else f"heat heat-{band}"


def heat_cells(cells, scale) -> str:
    """A heatmap row's cells as HTML. Built here rather than in a template loop: the
    heatmaps hold thousands of cells at district scale, and a template would spend most of
    the page's time on them."""
    edges = heat_edges(scale)
    return format_html_join("", '<td class="{}">{}</td>', ((heat(c, scale, edges), level(c)) for c in cells))


@register.filter
def grade_band_label(value):
    return GradeBand(value).label if value in GradeBand.values else value


@register.filter
def stage_label(value):
    return ImplementationStage(value).label if value in ImplementationStage.values else value
