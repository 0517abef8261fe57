"""Filters of /api/v1/check-ins/ (django-filter)."""

import django_filters

from coaching.models import CheckIn, CheckInStatus


class CheckInFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CheckInStatus.choices)
    goal = django_filters.NumberFilter(field_name="goal_id")
    cycle = django_filters.NumberFilter(field_name="cycle_id")
    owner = django_filters.NumberFilter(field_name="owner_id")
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte", label="Due on or after")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", label="Due on or before")

    class Meta:
        model = CheckIn
        fields = ["status", "goal", "cycle", "owner", "due_after", "due_before"]
