"""Filters of /api/v1/submissions/."""

import django_filters

from pathways.models import Submission, SubmissionStatus


class SubmissionFilter(django_filters.FilterSet):
    micro_credential = django_filters.NumberFilter(field_name="micro_credential_id")
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices)

    class Meta:
        model = Submission
        fields = ["micro_credential", "status"]
