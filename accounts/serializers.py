from rest_framework import serializers

from accounts.models import ApiToken, User
from schools.models import Membership
from schools.serializers import PersonRef, SchoolRef


class PersonMembershipOutput(serializers.ModelSerializer):
    school = SchoolRef(read_only=True, allow_null=True)
    is_current = serializers.BooleanField(read_only=True, help_text="In force today in the district.")

    class Meta:
        model = Membership
        fields = ["id", "school", "role", "position", "start_date", "end_date", "is_active", "is_current"]


class PersonOutput(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    memberships = PersonMembershipOutput(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "full_name",
            "title",
            "is_active",
            "date_joined",
            "deactivated_at",
            "memberships",
        ]


class PersonCreateInput(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    send_invitation = serializers.BooleanField(
        default=False, help_text="Email them a one-time link to choose a password."
    )


class PersonUpdateInput(serializers.Serializer):
    email = serializers.EmailField(required=False)
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)


class MeOutput(PersonOutput):
    roles = serializers.SerializerMethodField()
    district = serializers.SerializerMethodField()

    class Meta(PersonOutput.Meta):
        fields = [*PersonOutput.Meta.fields, "roles", "district"]

    def get_roles(self, user) -> list[str]:
        return self.context["roles"]

    def get_district(self, user) -> dict:
        tenant = self.context["district"]
        return {"slug": tenant.schema_name, "name": tenant.name, "timezone": tenant.timezone}


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
    expires_at = serializers.DateTimeField(required=False, allow_null=True)
