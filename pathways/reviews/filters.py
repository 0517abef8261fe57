"""Filters of /api/v1/reviews/."""

import django_filters

from pathways.models import Review, ReviewRole


class ReviewFilter(django_filters.FilterSet):
    reviewer = django_filters.NumberFilter(
        field_name="reviewer_id", help_text="Administrators: one reviewer's."
    )
    role = django_filters.ChoiceFilter(choices=ReviewRole.choices)
    open = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")], method="filter_open", help_text="true or false."
    )

    class Meta:
        model = Review
        fields = ["reviewer", "role", "open"]

    def filter_open(self, queryset, name, value):
        return queryset.filter(completed_at__isnull=value == "true")
