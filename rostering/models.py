from django.conf import settings
from django.db import models
from django.db.models import Q

from core.roles import Role


class RosterVersion(models.TextChoices):
    V1_1 = "1.1", "OneRoster 1.1"
    V1_2 = "1.2", "OneRoster 1.2"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    REFUSED = "refused", "Refused (errors)"
    PLANNED = "planned", "Dry run ready"
    APPLYING = "applying", "Applying"
    APPLIED = "applied", "Applied"
    FAILED = "failed", "Failed"


class ImportSource(models.TextChoices):
    UPLOAD = "upload", "Uploaded bundle"
    COMMAND = "command", "Command"
    REST = "rest", "REST pull"


class ImportMode(models.TextChoices):
    BULK = "bulk", "Bulk (the whole roster)"
    DELTA = "delta", "Delta (only the rows given)"


def bundle_path(instance, filename):
    from core.uploads import district_file_path

    return district_file_path("roster", "bundle.zip")


class RosterImport(models.Model):
    """One roster sync: a bundle (or a REST pull), its dry run, and whether it was applied.

    `plan` holds what the sync would do (or did): counts and rows of created, changed,
    deactivated and skipped records; `errors` each refusal as `file:line: column: message`.
    """

    source = models.CharField(max_length=10, choices=ImportSource.choices, default=ImportSource.UPLOAD)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    dry_run = models.BooleanField(default=True, help_text="Only plan; an administrator applies it after.")
    version = models.CharField(max_length=3, choices=RosterVersion.choices, blank=True)
    mode = models.CharField(max_length=5, choices=ImportMode.choices, blank=True)
    file = models.FileField(upload_to=bundle_path, max_length=300, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    plan = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True, help_text="Why a run failed (a provider error, for example).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    planned_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Roster import #{self.pk} ({self.get_status_display()})"

    @property
    def is_busy(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.APPLYING)

    @property
    def progress(self) -> dict:
        from rostering.progress import progress_get

        return progress_get(self.pk) if self.is_busy else {"stage": "done", "percent": 100}


class RoleMapping(models.Model):
    """How one OneRoster role becomes Lodestar roles: one role when the org is a school,
    another when it is the district (or above). Blank means the role gives no membership."""

    oneroster_role = models.CharField(max_length=40, unique=True)
    at_school = models.CharField(max_length=20, choices=Role.choices, blank=True)
    at_district = models.CharField(max_length=20, choices=Role.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["oneroster_role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(at_school__in=["", Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER]),
                name="role_mapping_school_role",
            ),
            models.CheckConstraint(
                condition=Q(at_district__in=["", Role.CENTRAL_OFFICE, Role.DISTRICT_ADMIN]),
                name="role_mapping_district_role",
            ),
        ]

    def __str__(self):
        return self.oneroster_role


class RosterProvider(models.Model):
    """The district's OneRoster REST provider for the nightly pull, one row per district."""

    enabled = models.BooleanField(default=False, help_text="Pull the roster every night.")
    version = models.CharField(max_length=3, choices=RosterVersion.choices, default=RosterVersion.V1_2)
    base_url = models.URLField("base URL", blank=True, help_text="e.g. https://sis.example.org")
    token_url = models.URLField("token URL", blank=True, help_text="OAuth 2.0 client-credentials endpoint.")
    client_id = models.CharField(max_length=255, blank=True)
    # Write-only: never shown on a page or in the API.
    client_secret = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="one_roster_provider_per_district")]

    def __str__(self):
        return "OneRoster provider"

    @property
    def has_secret(self) -> bool:
        return bool(self.client_secret)
