"""Input and output shapes of /api/v1/credentials/."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pathways.credentials.openbadges import verification_url
from pathways.credentials.selectors import credential_title
from pathways.credentials.services import MAX_REASON
from pathways.models import Credential


class CredentialOutput(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    title = serializers.SerializerMethodField()
    competency = serializers.SerializerMethodField()
    competency_code = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = Credential
        fields = [
            "id", "public_id", "kind", "person", "person_name", "title", "micro_credential", "pathway",
            "competency", "competency_code", "issued_at", "status", "revoked_at", "revocation_reason",
            "verification_url",
        ]  # fmt: skip

    def get_title(self, credential) -> str:
        return credential_title(credential)

    def _competency(self, credential):
        if credential.micro_credential_id:
            return credential.micro_credential.competency
        return None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_competency(self, credential):
        competency = self._competency(credential)
        return competency.pk if competency else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_competency_code(self, credential):
        competency = self._competency(credential)
        return competency.code if competency else None

    @extend_schema_field(serializers.ChoiceField(choices=["valid", "revoked"]))
    def get_status(self, credential) -> str:
        return "valid" if credential.is_valid else "revoked"

    def get_verification_url(self, credential) -> str:
        return verification_url(credential)


class CredentialRevokeInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=MAX_REASON, help_text="Why: shown to the holder and on the public verification page."
    )


class CredentialVerifyInput(serializers.Serializer):
    jwt = serializers.CharField(max_length=200_000, help_text="A signed credential (compact JWS, VC-JWT).")


class VerifiedCredentialStatus(serializers.Serializer):
    public_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=["valid", "revoked"])
    revoked_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField(allow_null=True)
    verification_url = serializers.URLField()


class CredentialVerifyOutput(serializers.Serializer):
    valid = serializers.BooleanField(help_text="Signature good and the credential not revoked.")
    signature_valid = serializers.BooleanField()
    reason = serializers.CharField(allow_null=True, help_text="Why it is not valid, in words.")
    credential = VerifiedCredentialStatus(allow_null=True, help_text="Its current status in this district.")
    document = serializers.DictField(allow_null=True, help_text="The credential inside the token.")
