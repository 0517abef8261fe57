"""Credentials earned, and the district's signing key for Open Badges."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from core.text import NOTE_MAX

from .catalog import MicroCredential
from .submissions import Submission


class CredentialKind(models.TextChoices):
    MICRO_CREDENTIAL = "micro_credential", "Micro-credential"
    PATHWAY = "pathway", "Pathway completed"


class Credential(models.Model):
    """What a person earned. `public_id` is the address of its public verification page
    and the credential's id in Open Badges; it is never reused."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=CredentialKind.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credentials")
    micro_credential = models.ForeignKey(
        MicroCredential, null=True, blank=True, on_delete=models.PROTECT, related_name="credentials"
    )
    submission = models.OneToOneField(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="credential"
    )
    pathway = models.ForeignKey(
        "pathways.Pathway", null=True, blank=True, on_delete=models.PROTECT, related_name="credentials"
    )
    enrollment = models.OneToOneField(
        "pathways.Enrollment", null=True, blank=True, on_delete=models.PROTECT, related_name="credential"
    )
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.TextField(
        max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)], blank=True
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="micro_credential", micro_credential__isnull=False, pathway__isnull=True)
                    | Q(kind="pathway", pathway__isnull=False, micro_credential__isnull=True)
                ),
                name="credential_names_what_it_certifies",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="revocation_has_a_reason",
            ),
        ]
        indexes = [models.Index(fields=["person", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.public_id}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class SigningKey(models.Model):
    """A district's key for signing Open Badges credentials: ES256, RS256 or EdDSA (at most
    one active per algorithm; pathways/credentials/signing.py). The private half never
    leaves the district's schema; the public half is published at its own URL, in the JWK
    set and in the issuer profile, retired keys too."""

    kid = models.CharField(max_length=64, unique=True)
    algorithm = models.CharField(max_length=20, default="EdDSA")
    private_key_pem = models.TextField()
    public_jwk = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["algorithm"], condition=Q(retired_at__isnull=True), name="one_active_signing_key"
            )
        ]

    def __str__(self):
        return self.kid
