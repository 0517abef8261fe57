from rest_framework import serializers

from accounts.serializers import PersonRef
from core.roles import DISTRICT_ROLES, SCHOOL_ROLES, Role
from rostering.models import RoleMapping, RosterImport, RosterProvider, RosterVersion
from rostering.progress import progress_get


class RosterImportOutput(serializers.ModelSerializer):
    created_by = PersonRef(read_only=True, allow_null=True)
    applied_by = PersonRef(read_only=True, allow_null=True)

    class Meta:
        model = RosterImport
        fields = [
            "id",
            "status",
            "source",
            "dry_run",
            "version",
            "mode",
            "filename",
            "counts",
            "errors",
            "failure",
            "created_by",
            "applied_by",
            "created_at",
            "planned_at",
            "applied_at",
        ]


class RosterImportDetailOutput(RosterImportOutput):
    """One import with its rows: what was (or would be) created, changed, deactivated and
    skipped, and, while it runs, how far it has got."""

    progress = serializers.SerializerMethodField()

    class Meta(RosterImportOutput.Meta):
        fields = [*RosterImportOutput.Meta.fields, "plan", "progress"]

    def get_progress(self, obj) -> dict:
        if obj.is_busy:
            return progress_get(obj.pk)
        return {"stage": "done", "percent": 100}


class RosterImportCreateInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="The OneRoster CSV bundle (.zip).")
    dry_run = serializers.BooleanField(
        default=True, help_text="Only plan (the default); apply it afterwards with `.../apply/`."
    )


class RoleMappingOutput(serializers.ModelSerializer):
    class Meta:
        model = RoleMapping
        fields = ["id", "oneroster_role", "at_school", "at_district", "updated_at"]


class RoleMappingUpdateInput(serializers.Serializer):
    at_school = serializers.ChoiceField(
        choices=[("", "nothing"), *[(r, Role(r).label) for r in sorted(SCHOOL_ROLES)]], allow_blank=True
    )
    at_district = serializers.ChoiceField(
        choices=[("", "nothing"), *[(r, Role(r).label) for r in sorted(DISTRICT_ROLES)]], allow_blank=True
    )


class RosterProviderOutput(serializers.ModelSerializer):
    has_secret = serializers.BooleanField(read_only=True)
    updated_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="null until the provider is first saved."
    )

    class Meta:
        model = RosterProvider
        fields = ["enabled", "version", "base_url", "token_url", "client_id", "has_secret", "updated_at"]


class RosterProviderUpdateInput(serializers.Serializer):
    enabled = serializers.BooleanField(required=False)
    version = serializers.ChoiceField(choices=RosterVersion.choices, required=False)
    base_url = serializers.URLField(required=False, allow_blank=True)
    token_url = serializers.URLField(required=False, allow_blank=True)
    client_id = serializers.CharField(required=False, allow_blank=True, max_length=255)
    client_secret = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        write_only=True,
        help_text="Write-only; blank keeps it.",
    )
