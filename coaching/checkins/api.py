"""/api/v1/check-ins/: check-ins you owe, coach or supervise, and answering one."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coaching.checkins import selectors, services
from coaching.checkins.filters import CheckInFilter
from coaching.checkins.serializers import CheckInCompleteInput, CheckInOutput
from coaching.models import CheckIn
from core.api import ERRORS_READ, ERRORS_WRITE, parse
from core.pagination import CursorPagination


class CheckInPagination(CursorPagination):
    ordering = ("-due_on", "-id")


@extend_schema_view(
    list=extend_schema(
        summary="List check-ins",
        description="Yours; those on cycles you coach (and on goals worked on in them); the goal check-ins "
        "of people you supervise; all of them for district administrators. Newest due first, in cursor "
        "pages (follow `next`). Each row of someone else's check-in is written to the audit log.",
        responses={200: CheckInOutput, **ERRORS_READ},
    ),
    retrieve=extend_schema(
        summary="Get a check-in",
        description="Reading someone else's check-in is written to the audit log.",
        responses={200: CheckInOutput, **ERRORS_READ},
    ),
)
class CheckInViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = CheckIn.objects.none()
    serializer_class = CheckInOutput
    filterset_class = CheckInFilter
    pagination_class = CheckInPagination
    # The order is the cursor's: fixed, so no `ordering` parameter.
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def get_queryset(self):
        return selectors.check_in_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.check_in_get_for_actor(actor=self.request.user, check_in_id=self.kwargs["pk"])

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        selectors.check_in_audit_listed(actor=request.user, check_ins=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Answer a check-in",
        description="The owner only (403 for anyone else who can see it), once (a second answer is a 400 on "
        "`status`), while it is open or overdue. `progress_rating` from 1 to 5 (400 on `progress_rating` "
        "otherwise); `progress_value` only on a goal's check-in (400 on `progress_value` on a cycle's, "
        "or when the goal is no longer active). The goal's health is recomputed.",
        request=CheckInCompleteInput,
        responses={200: CheckInOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        check_in = self.get_object()
        data = parse(CheckInCompleteInput, request.data)
        services.check_in_complete(actor=request.user, check_in=check_in, **data)
        return Response(CheckInOutput(self.get_queryset().get(pk=check_in.pk)).data)
