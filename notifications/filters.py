"""The inbox API's filter."""

import django_filters

from notifications.models import Notification


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="true: only unread; false: only read"
    )

    class Meta:
        model = Notification
        fields = ["unread"]
