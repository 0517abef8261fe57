import django_filters
from django.db.models import Q

from accounts.models import User
from core.roles import Role
from schools.models import GradeBand, ImplementationStage, Membership, School, Supervision


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or code contains")
    grade_band = django_filters.ChoiceFilter(choices=GradeBand.choices, empty_label="All grade bands")
    stage = django_filters.ChoiceFilter(choices=ImplementationStage.choices, empty_label="All stages")
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = School
        fields = ["q", "grade_band", "stage", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class MembershipFilter(django_filters.FilterSet):
    person = django_filters.NumberFilter(field_name="user_id")
    school = django_filters.NumberFilter(field_name="school_id")
    role = django_filters.ChoiceFilter(choices=Role.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Membership
        fields = ["person", "school", "role", "is_active"]


class SupervisionFilter(django_filters.FilterSet):
    supervisor = django_filters.NumberFilter(field_name="supervisor_id")
    supervisee = django_filters.NumberFilter(field_name="supervisee_id")
    current = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull")

    class Meta:
        model = Supervision
        fields = ["supervisor", "supervisee", "current"]


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
