"""What the cycle, observation and feedback endpoints share: lists through the firewall
with their rows audited, paginated shapes for the schema, ids from the path."""

from django.http import Http404
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from coaching.cycles.selectors.common import audit_listed
from core.api import MAX_ID


def paginated(name, serializer):
    return inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer(many=True),
        },
    )


class FirewalledListMixin:
    """Lists page through a firewall selector; rows shown to someone who is not a party
    are written to the audit log, one INSERT per page."""

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        audit_listed(actor=request.user, records=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def bounded(pk):
    """A path id beyond the bigint range names nothing: 404, not a database error."""
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such record.") from None
    if not 1 <= value <= MAX_ID:
        raise Http404("No such record.")
    return value
