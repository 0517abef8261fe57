"""Input and output shapes of /api/v1/webhook-endpoints/."""

from rest_framework import serializers

from webhooks.catalogue import SUBSCRIBABLE
from webhooks.models import Delivery, Endpoint

EVENT_TYPE_CHOICES = sorted(SUBSCRIBABLE)


class EndpointOutput(serializers.ModelSerializer):
    class Meta:
        model = Endpoint
        fields = [
            "id", "url", "description", "event_types", "enabled", "disabled_reason", "disabled_at",
            "owner_scopes", "failing_since", "created_at", "updated_at",
        ]  # fmt: skip


class EndpointWithSecretOutput(EndpointOutput):
    secret = serializers.CharField(
        read_only=True,
        help_text="The signing secret (Standard Webhooks `whsec_` form). Shown only in this response.",
    )

    class Meta(EndpointOutput.Meta):
        fields = [*EndpointOutput.Meta.fields, "secret"]


class EndpointCreateInput(serializers.Serializer):
    url = serializers.URLField(max_length=500, help_text="http(s), resolving to public addresses only.")
    description = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPE_CHOICES),
        required=False,
        default=list,
        help_text="The event types to receive; empty for all of them (including types added later).",
    )


class EndpointUpdateInput(serializers.Serializer):
    url = serializers.URLField(max_length=500, required=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPE_CHOICES), required=False
    )
    enabled = serializers.BooleanField(required=False)


class DeliveryOutput(serializers.ModelSerializer):
    webhook_id = serializers.CharField(source="event_id", read_only=True)
    event_type = serializers.CharField(source="event.type", read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id", "webhook_id", "event_type", "status", "attempts", "next_attempt_at",
            "last_attempt_at", "last_status_code", "last_duration_ms", "last_response", "last_error",
            "created_at", "delivered_at",
        ]  # fmt: skip
