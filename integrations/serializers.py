from rest_framework import serializers

from core.permissions import SCOPE_MATRIX
from integrations.models import IntegrationClient


class IntegrationClientOutput(serializers.ModelSerializer):
    created_by = serializers.CharField(
        source="created_by.full_name", read_only=True, default=None, allow_null=True
    )
    is_revoked = serializers.BooleanField(read_only=True)
    scopes = serializers.ListField(child=serializers.CharField())
    allowed_networks = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = IntegrationClient
        fields = [
            "id",
            "name",
            "client_id",
            "scopes",
            "allowed_networks",
            "created",
            "created_by",
            "secret_rotated_at",
            "revoked_at",
            "is_revoked",
        ]


class IntegrationClientSecretOutput(IntegrationClientOutput):
    client_secret = serializers.CharField(
        read_only=True, help_text="The secret. Shown only in this response."
    )

    class Meta(IntegrationClientOutput.Meta):
        fields = [*IntegrationClientOutput.Meta.fields, "client_secret"]


class IntegrationClientCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=list(SCOPE_MATRIX)), allow_empty=False
    )
    allowed_networks = serializers.ListField(
        child=serializers.CharField(max_length=64, allow_blank=True),
        required=False,
        default=list,
        help_text="IP addresses or CIDR networks the client may call from; empty for any.",
    )
