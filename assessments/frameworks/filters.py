import django_filters
from django.db.models import Q

from assessments.models import AdoptionStatus, Audience, Framework, Item


class FrameworkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title contains")
    audience = django_filters.ChoiceFilter(choices=Audience.choices, empty_label="All audiences")
    adoption_status = django_filters.ChoiceFilter(choices=AdoptionStatus.choices, empty_label="Any status")

    class Meta:
        model = Framework
        fields = ["q", "audience", "adoption_status"]


class ItemFilter(django_filters.FilterSet):
    framework = django_filters.NumberFilter(field_name="framework_id")
    parent = django_filters.NumberFilter(field_name="parent_id")
    theme = django_filters.NumberFilter(field_name="themes", label="Tagged with this theme")
    q = django_filters.CharFilter(method="search", label="Code or statement contains")

    class Meta:
        model = Item
        fields = ["framework", "parent", "theme", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(statement__icontains=value) | Q(title__icontains=value)
        )
