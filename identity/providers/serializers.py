"""Input and output shapes of `/api/v1/identity-providers/` and `/api/v1/sign-in-policy/`.
The client secret is input only: no output serializer names it."""

from django.urls import reverse
from rest_framework import serializers

from identity.models import IdentityProvider, ProviderKind, SignInPolicy


class IdentityProviderOutput(serializers.ModelSerializer):
    client_secret_set = serializers.SerializerMethodField(
        help_text="Always true: a secret is stored, never shown."
    )
    redirect_uri = serializers.SerializerMethodField(help_text="Register this redirect URI at the provider.")

    class Meta:
        model = IdentityProvider
        fields = [
            "id",
            "kind",
            "name",
            "slug",
            "issuer",
            "client_id",
            "client_secret_set",
            "allowed_domains",
            "sourced_id_claim",
            "enabled",
            "redirect_uri",
            "created_at",
            "updated_at",
        ]

    def get_client_secret_set(self, provider) -> bool:
        return bool(provider.client_secret)

    def get_redirect_uri(self, provider) -> str:
        path = reverse("openid_connect_callback", kwargs={"provider_id": provider.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class IdentityProviderCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProviderKind.choices)
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    issuer = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Blank: the kind's default issuer."
    )
    tenant_id = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Entra ID: the directory (tenant) id."
    )
    client_id = serializers.CharField(max_length=255)
    client_secret = serializers.CharField(write_only=True, max_length=4000)
    allowed_domains = serializers.ListField(child=serializers.CharField(max_length=253), allow_empty=True)
    sourced_id_claim = serializers.CharField(required=False, allow_blank=True, max_length=100)
    enabled = serializers.BooleanField(required=False, default=True)


class IdentityProviderUpdateInput(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    issuer = serializers.CharField(required=False, allow_blank=True, max_length=500)
    tenant_id = serializers.CharField(required=False, allow_blank=True, max_length=100)
    client_id = serializers.CharField(required=False, allow_blank=True, max_length=255)
    client_secret = serializers.CharField(
        required=False, allow_blank=True, write_only=True, max_length=4000, help_text="Blank or absent: kept."
    )
    allowed_domains = serializers.ListField(child=serializers.CharField(max_length=253), required=False)
    sourced_id_claim = serializers.CharField(required=False, allow_blank=True, max_length=100)
    enabled = serializers.BooleanField(required=False)


class SignInPolicyOutput(serializers.ModelSerializer):
    break_glass = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SignInPolicy
        fields = ["require_sso", "break_glass", "updated_at"]


class SignInPolicyUpdateInput(serializers.Serializer):
    require_sso = serializers.BooleanField(required=False)
    break_glass = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="Ids of district administrators.",
    )
