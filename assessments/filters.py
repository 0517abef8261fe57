import django_filters

from assessments.models import AdoptionStatus, Audience, Framework


class FrameworkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title contains")
    audience = django_filters.ChoiceFilter(choices=Audience.choices, empty_label="All audiences")
    adoption_status = django_filters.ChoiceFilter(choices=AdoptionStatus.choices, empty_label="Any status")

    class Meta:
        model = Framework
        fields = ["q", "audience", "adoption_status"]
