"""Input and output shapes of /api/v1/micro-credentials/. Output rows come from the catalog
selectors, each carrying its `domain` and the reader's `standing`."""

from rest_framework import serializers

from core.roles import Role
from pathways.models import MicroCredential, Requirement, RequirementKind


class CatalogItemRef(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    title = serializers.CharField(source="label")


class CatalogThemeRef(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()


class CatalogStandingOutput(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=["not_started", "in_progress", "submitted", "in_review", "earned", "not_yet"]
    )
    label = serializers.CharField()
    attempts = serializers.IntegerField(help_text="Attempts made at the version of the latest attempt.")
    submission_id = serializers.IntegerField(allow_null=True, help_text="Your latest attempt, if any.")
    micro_credential_id = serializers.IntegerField(
        allow_null=True, help_text="The version your latest attempt answered."
    )
    credential_public_id = serializers.CharField(allow_null=True, help_text="Set when you hold it.")


class CatalogRequirementOutput(serializers.ModelSerializer):
    scoring_guide = serializers.CharField(source="passing_criteria", help_text="What passes (public).")

    class Meta:
        model = Requirement
        fields = [
            "id",
            "position",
            "title",
            "prompt",
            "kind",
            "word_limit",
            "passing_criteria",
            "scoring_guide",
        ]


class MicroCredentialOutput(serializers.ModelSerializer):
    """A row of the catalog."""

    competency = CatalogItemRef(read_only=True)
    domain = CatalogItemRef(
        read_only=True, allow_null=True, help_text="The top-level item above the competency."
    )
    themes = CatalogThemeRef(many=True, read_only=True, source="competency.themes.all")
    requirement_count = serializers.IntegerField(read_only=True)
    standing = serializers.SerializerMethodField()

    class Meta:
        model = MicroCredential
        fields = [
            "id", "title", "summary", "competency", "domain", "themes", "roles", "hours", "status", "version",
            "lineage", "published_at", "requirement_count", "standing",
        ]  # fmt: skip

    def get_standing(self, mc) -> CatalogStandingOutput:
        return CatalogStandingOutput(mc.standing).data


class MicroCredentialDetailOutput(MicroCredentialOutput):
    requirements = CatalogRequirementOutput(many=True, read_only=True)

    class Meta(MicroCredentialOutput.Meta):
        fields = [
            *MicroCredentialOutput.Meta.fields, "key_method", "method_components", "rationale", "resources",
            "previous_version", "created_at", "updated_at", "requirements",
        ]  # fmt: skip


class CatalogRequirementInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    prompt = serializers.CharField(max_length=5000)
    kind = serializers.ChoiceField(choices=RequirementKind.choices)
    word_limit = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Written responses only: 1 to 5000 words."
    )
    passing_criteria = serializers.CharField(max_length=5000, help_text="The scoring guide: what passes.")


class CatalogResourceInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    url = serializers.CharField(max_length=1000, help_text="http:// or https://")


class _Fields(serializers.Serializer):
    """Every field is checked again by the service, which names the exact place of an error
    (`resources[1].url`, `requirements[0].word_limit`)."""

    title = serializers.CharField(max_length=200)
    competency = serializers.IntegerField(help_text="A live competency's id (GET /api/v1/competencies/).")
    summary = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    key_method = serializers.CharField(max_length=5000)
    method_components = serializers.ListField(child=serializers.CharField(max_length=500), required=False)
    rationale = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    resources = CatalogResourceInput(many=True, required=False)
    roles = serializers.ListField(
        child=serializers.CharField(max_length=50),
        required=False,
        help_text=f"Any of {', '.join(Role.values)}; empty means everyone.",
    )
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, help_text="0 to 500.")
    requirements = CatalogRequirementInput(
        many=True, required=False, help_text="In order; on an edit, the whole list replaces the old one."
    )


class MicroCredentialCreateInput(_Fields):
    pass


class MicroCredentialUpdateInput(_Fields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
