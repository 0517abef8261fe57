"""A district's identity providers and its sign-in policy, in the district's own schema."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q


class ProviderKind(models.TextChoices):
    GOOGLE = "google", "Google Workspace"
    MICROSOFT = "microsoft", "Microsoft Entra ID"
    CLEVER = "clever", "Clever"
    CLASSLINK = "classlink", "ClassLink"
    OIDC = "oidc", "Other OpenID Connect provider"


class IdentityProvider(models.Model):
    """One OpenID Connect provider the district's people may sign in through.

    `slug` is in the redirect URI registered at the provider, so it never changes after
    creation. `client_secret` is written, never read back: no API answer, page, log line or
    audit row carries it.
    """

    kind = models.CharField(max_length=20, choices=ProviderKind.choices)
    name = models.CharField(max_length=100, help_text="The button's words: “Continue with <name>”.")
    slug = models.SlugField(max_length=50, unique=True)
    issuer = models.URLField(
        max_length=500, help_text="The provider's issuer URL (OpenID Connect discovery)."
    )
    client_id = models.CharField(max_length=255)
    client_secret = models.TextField()
    allowed_domains = ArrayField(models.CharField(max_length=253), default=list)
    sourced_id_claim = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text="The claim carrying the person's OneRoster sourcedId.",
    )
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class SignInPolicy(models.Model):
    """How the district's people sign in, one row per district schema: when `require_sso`,
    the password form refuses everyone but the named break-glass administrators."""

    require_sso = models.BooleanField(default=False)
    break_glass = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="one_sign_in_policy_per_district")]

    def __str__(self):
        return "Sign-in policy"

    @classmethod
    def current(cls) -> "SignInPolicy":
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy
