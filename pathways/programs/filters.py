"""Filters of /api/v1/pathways/ and /api/v1/enrollments/."""

import django_filters
from django.db.models import Q

from core.roles import Role
from pathways.models import Enrollment, EnrollmentStatus, Pathway


class PathwayFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(
        choices=Role.choices, method="for_role", help_text="Meant for this role."
    )
    leadership = django_filters.BooleanFilter(field_name="is_leadership")
    competency = django_filters.NumberFilter(field_name="competency_id")

    class Meta:
        model = Pathway
        fields = ["role", "leadership", "competency"]

    def for_role(self, queryset, name, value):
        return queryset.filter(Q(roles=[]) | Q(roles__contains=[value]))


class EnrollmentFilter(django_filters.FilterSet):
    pathway = django_filters.NumberFilter(field_name="pathway_id")
    person = django_filters.NumberFilter(field_name="person_id")
    status = django_filters.ChoiceFilter(choices=EnrollmentStatus.choices)

    class Meta:
        model = Enrollment
        fields = ["pathway", "person", "status"]
