"""Filters of /api/v1/credentials/."""

import django_filters

from pathways.models import Credential, CredentialKind


class CredentialFilter(django_filters.FilterSet):
    person = django_filters.NumberFilter(field_name="person_id")
    kind = django_filters.ChoiceFilter(choices=CredentialKind.choices)
    valid = django_filters.ChoiceFilter(
        choices=[("true", "Valid"), ("false", "Revoked")], method="filter_valid", label="Not revoked"
    )

    class Meta:
        model = Credential
        fields = ["person", "kind", "valid"]

    def filter_valid(self, queryset, name, value):
        return queryset.filter(revoked_at__isnull=value == "true")
