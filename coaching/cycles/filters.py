"""Filters of the cycle, observation and feedback lists of the API (django-filter)."""

import django_filters

from coaching.models import CoachingCycle, CycleStatus, Feedback, Observation, ObservationKind
from core.api import MAX_ID


def IdFilter(field_name, label):  # noqa: N802 - reads as a filter class
    return django_filters.NumberFilter(field_name=field_name, label=label, min_value=1, max_value=MAX_ID)


class CycleFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CycleStatus.choices)
    coach = IdFilter("coach_id", "Coached by this person")
    coachee = IdFilter("coachee_id", "Coaching this person")

    class Meta:
        model = CoachingCycle
        fields = ["status", "coach", "coachee"]


class ObservationFilter(django_filters.FilterSet):
    cycle = IdFilter("cycle_id", "In this cycle")
    observed = IdFilter("observed_id", "Of this person")
    observer = IdFilter("observer_id", "By this person")
    kind = django_filters.ChoiceFilter(choices=ObservationKind.choices)
    observed_from = django_filters.DateFilter(
        field_name="observed_on", lookup_expr="gte", label="On or after"
    )
    observed_to = django_filters.DateFilter(field_name="observed_on", lookup_expr="lte", label="On or before")

    class Meta:
        model = Observation
        fields = ["cycle", "observed", "observer", "kind", "observed_from", "observed_to"]


class FeedbackFilter(django_filters.FilterSet):
    cycle = IdFilter("cycle_id", "In this cycle")
    recipient = IdFilter("recipient_id", "For this person")
    author = IdFilter("author_id", "From this person")
    acknowledged = django_filters.BooleanFilter(method="filter_acknowledged", label="Acknowledged or not")

    class Meta:
        model = Feedback
        fields = ["cycle", "recipient", "author", "acknowledged"]

    def filter_acknowledged(self, queryset, name, value):
        return queryset.filter(acknowledged_at__isnull=not value)
