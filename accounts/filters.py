"""Filters of the people list (the API's `/api/v1/people/` and the administrators' page)."""

import django_filters
from django.db.models import Q

from accounts.models import User
from core.roles import Role
from schools.models import Membership


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or email contains")
    school = django_filters.NumberFilter(method="at_school", label="Has a current membership at this school")
    role = django_filters.ChoiceFilter(
        choices=Role.choices, method="with_role", label="Has this current role", empty_label="All roles"
    )
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = User
        fields = ["q", "school", "role", "is_active"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
            )
        return queryset

    def at_school(self, queryset, name, value):
        return queryset.filter(pk__in=Membership.objects.current().filter(school_id=value).values("user_id"))

    def with_role(self, queryset, name, value):
        return queryset.filter(pk__in=Membership.objects.current().filter(role=value).values("user_id"))
