from rest_framework import serializers

from accounts.models import ApiToken, User
from core.api import DistrictDateTimeField


class PersonRef(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "full_name", "email"]


class ApiTokenOutput(serializers.ModelSerializer):
    is_usable = serializers.BooleanField(read_only=True)
    owner = PersonRef(source="user", read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "owner",
            "id",
            "name",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "is_usable",
        ]


class ApiTokenCreatedOutput(ApiTokenOutput):
    token = serializers.CharField(read_only=True, help_text="The secret. Shown only in this response.")

    class Meta(ApiTokenOutput.Meta):
        fields = [*ApiTokenOutput.Meta.fields, "token"]


class ApiTokenCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    expires_at = DistrictDateTimeField(required=False, allow_null=True)
