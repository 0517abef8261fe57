"""Filters of /api/v1/goals/ (django-filter)."""

import django_filters

from coaching.models import Goal, GoalHealth, GoalKind, GoalStatus


class GoalFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=GoalKind.choices)
    status = django_filters.ChoiceFilter(choices=GoalStatus.choices)
    health = django_filters.ChoiceFilter(choices=GoalHealth.choices)
    school = django_filters.NumberFilter(field_name="school_id")
    owner = django_filters.NumberFilter(field_name="owner_id")

    class Meta:
        model = Goal
        fields = ["kind", "status", "health", "school", "owner"]
