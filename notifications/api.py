from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ERRORS_READ, ERRORS_WRITE, parse
from core.pagination import CursorPagination
from notifications import selectors, services
from notifications.filters import NotificationFilter
from notifications.models import Notification
from notifications.serializers import (
    MarkedOutput,
    NotificationOutput,
    PreferenceOutput,
    PreferencesInput,
    UnreadCountOutput,
)


class InboxPagination(CursorPagination):
    ordering = selectors.INBOX_ORDER


@extend_schema_view(
    list=extend_schema(
        summary="Your notifications, newest first",
        description="Cursor pages: follow `next` until it is null. `?unread=true` for unread only.",
        responses={200: NotificationOutput, **ERRORS_READ},
    ),
    retrieve=extend_schema(
        summary="One of your notifications", responses={200: NotificationOutput, **ERRORS_READ}
    ),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your own inbox. Nobody else's notifications are visible: their ids answer 404."""

    queryset = Notification.objects.none()
    serializer_class = NotificationOutput
    pagination_class = InboxPagination
    # No OrderingFilter: a cursor needs the one fixed order.
    filter_backends = [DjangoFilterBackend]
    filterset_class = NotificationFilter

    def get_queryset(self):
        return selectors.notification_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.notification_get_for_actor(
            actor=self.request.user, notification_id=self.kwargs["pk"]
        )

    @extend_schema(
        summary="Mark one notification read",
        request=None,
        responses={200: NotificationOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(actor=request.user, notification=self.get_object())
        return Response(NotificationOutput(notification).data)

    @extend_schema(
        summary="Mark all your notifications read",
        request=None,
        responses={200: MarkedOutput, **ERRORS_WRITE},
    )
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[], pagination_class=None)
    def read_all(self, request):
        marked = services.notification_mark_all_read(actor=request.user)
        return Response({"marked": marked, "unread": selectors.notification_unread_count(actor=request.user)})

    @extend_schema(
        summary="How many of your notifications are unread", responses={200: UnreadCountOutput, **ERRORS_READ}
    )
    @action(detail=False, methods=["get"], url_path="unread-count", filter_backends=[], pagination_class=None)
    def unread_count(self, request):
        return Response({"unread": selectors.notification_unread_count(actor=request.user)})

    @extend_schema(
        methods=["GET"],
        summary="Your email choices for each kind of notification",
        description="Every kind with your effective choice (`delivery`) and the default. The choice "
        "is about email only: every notification lands in your inbox whatever you choose.",
        responses={200: PreferenceOutput(many=True), **ERRORS_READ},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Replace your email choices",
        description="An object of kind → `immediate`, `daily` or `off`. Kinds you leave out go back to "
        "their default. An unknown kind or delivery is a 400 naming it.",
        request=PreferencesInput,
        responses={200: PreferenceOutput(many=True), **ERRORS_WRITE},
    )
    @action(detail=False, methods=["get", "put"], filter_backends=[], pagination_class=None)
    def preferences(self, request):
        if request.method == "PUT":
            services.preference_set(actor=request.user, choices=parse(PreferencesInput, request.data))
        return Response(
            PreferenceOutput(selectors.preference_list_for_actor(actor=request.user), many=True).data
        )
