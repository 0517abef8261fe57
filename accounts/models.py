from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person, signing in by email. In a district schema: the district's people.

    In the public schema the same table holds only platform operators.
    """

    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    title = models.CharField(max_length=120, blank=True, help_text="Job title, e.g. Grade 4 teacher")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Platform operator (public host only).")
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # The person's id in the district's SIS (OneRoster `sourcedId`): rostering syncs by it and
    # single sign-on may match by it. Empty for people added by hand.
    sourced_id = models.CharField("SIS sourcedId", max_length=255, blank=True, default="")
    # The non-login user an integration client acts as (integrations.IntegrationClient): no
    # password, no memberships, never listed among the district's people.
    is_service = models.BooleanField(default=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sourced_id"], condition=~models.Q(sourced_id=""), name="user_sourced_id_unique"
            )
        ]

    def __str__(self):
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.first_name

    def active_memberships(self):
        """Memberships in force today (schools.Membership, through its reverse relation)."""
        return self.memberships.current()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, help_text="The first characters, to recognise it by.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        if self.revoked_at:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class SignInCounter(models.Model):
    """One fixed-window counter of sign-in (or password-reset) attempts, in the schema signed
    into (accounts/sign_in/limits.py). `key` names what is counted: a client address, an
    account (a digest of the email), the pair of both, a password reset. Counted with one
    INSERT ... ON CONFLICT DO UPDATE, so parallel requests each see their own count."""

    key = models.CharField(max_length=120, primary_key=True)
    window_started_at = models.DateTimeField()
    count = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.key}: {self.count}"
