import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django_tenants.models import DomainMixin, TenantMixin

SLUG_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"
slug_validator = RegexValidator(
    SLUG_PATTERN,
    "A district slug is 2 to 40 characters: lowercase letters, digits and underscores, "
    "starting with a letter.",
)


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f'"{value}" is not a known time zone, e.g. America/Chicago.')


class DistrictQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(is_ready=True, is_migrating=False)


class District(TenantMixin):
    """A school district: one PostgreSQL schema, named by the slug."""

    name = models.CharField(max_length=200)
    timezone = models.CharField(max_length=64, default="America/New_York", validators=[validate_timezone])
    is_ready = models.BooleanField(
        default=False, help_text="Set when provisioning finished; background work skips the rest."
    )
    is_migrating = models.BooleanField(
        default=False,
        help_text="Set while migrate_schemas migrates this district: its hosts answer 503 and "
        "background work skips it. Left set if that migration failed, until a run succeeds.",
    )
    # Fingerprint of the migrations applied to the schema (district.migration_state); a no-op
    # migrate_schemas skips every district whose fingerprint is the code's, in one query.
    migration_state = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # API limits (core/throttling.py); empty means the platform's API_RATE_USER / API_RATE_ANON.
    api_rate_user = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="API requests a minute per person or integration client. Empty: the platform default.",
    )
    api_rate_anon = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="API requests a minute per client address without valid credentials (and token "
        "requests at /oauth/token/). Empty: the platform default.",
    )
    # Open Badges VC-JWT signing algorithm (pathways/credentials/signing.py). The values
    # are JOSE algorithm names; changing it takes effect on the next signature, and keys of
    # the other algorithms stay published so what they signed still verifies.
    credential_signing_algorithm = models.CharField(
        max_length=10,
        choices=[
            ("ES256", "ES256 (ECDSA P-256), the default"),
            ("RS256", "RS256 (RSA 2048)"),
            ("EdDSA", "EdDSA (Ed25519); 1EdTech's validator does not accept it"),
        ],
        default="ES256",
        help_text="How Open Badges credentials are signed as VC-JWT. "
        "Data Integrity proofs always use Ed25519.",
    )

    objects = DistrictQuerySet.as_manager()

    auto_create_schema = True
    auto_drop_schema = True
    # New districts start from the template's tables and its shipped content.
    clone_mode = "DATA"

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def delete(self, *args, **kwargs):
        if self.schema_name == "public":
            raise ValueError("The public schema holds the platform itself and is never dropped.")
        return super().delete(*args, **kwargs)

    @property
    def slug(self) -> str:
        return self.schema_name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Domain(DomainMixin):
    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class SchemaState(models.Model):
    """A schema that is not a district: the template, or a spare cloned from it ahead of time
    (district.spares), with the migration state it holds."""

    TEMPLATE = "template"
    SPARE = "spare"

    schema_name = models.CharField(max_length=63, unique=True)
    kind = models.CharField(max_length=10, choices=[(TEMPLATE, "template"), (SPARE, "spare")])
    migration_state = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.kind} {self.schema_name}"
