"""The date filters every template has (a builtin, see TEMPLATES in config/settings/base.py):
`{{ value|format_date }}`, `{{ value|format_date:"short" }}`, `{{ value|format_datetime }}`,
`{{ value|format_time }}`, `{{ value|format_month }}`. The formats live in core/dates.py."""

from django import template

from core import dates

register = template.Library()


@register.filter(expects_localtime=True)
def format_date(value, style="date"):
    return dates.format_date(value, style)


@register.filter(expects_localtime=True)
def format_datetime(value):
    return dates.format_datetime(value)


@register.filter(expects_localtime=True)
def format_time(value):
    return dates.format_time(value)


@register.filter(expects_localtime=True)
def format_month(value):
    return dates.format_month(value)
