from rest_framework import serializers

from assessments.models import AdoptionStatus, Audience, Descriptor, Framework, Item, Level, Theme
from core.text import STATEMENT_MAX


class FrameworkOutput(serializers.ModelSerializer):
    competency_count = serializers.IntegerField(read_only=True)
    indicator_count = serializers.IntegerField(read_only=True)
    origin = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Framework
        fields = [
            "id", "identifier", "uri", "title", "version", "audience", "source", "description",
            "adoption_status", "is_public", "source_url", "case_version", "origin",
            "competency_count", "indicator_count",
            "created_at", "updated_at",
        ]  # fmt: skip


class CaseImportInput(serializers.Serializer):
    package = serializers.JSONField(help_text="A CASE 1.0 or 1.1 package (CFPackage JSON).")
    audience = serializers.ChoiceField(
        choices=Audience.choices, required=False, help_text="Who rates themselves on it."
    )
    repair = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Mend the two defects met in published packages before importing: an association "
        'listed twice byte for byte, and whole numbers written as strings ("sequenceNumber": "1"). '
        "Each repair is listed in `repairs`. Without it such a package is refused.",
    )


class CaseImportOutput(serializers.Serializer):
    framework = FrameworkOutput()
    created = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())
    repairs = serializers.ListField(
        child=serializers.CharField(), help_text="What `repair` mended, each with its path."
    )


class ItemOutput(serializers.ModelSerializer):
    themes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Item
        fields = [
            "id", "identifier", "framework", "parent", "kind", "code", "title", "statement",
            "description", "sequence", "depth", "themes", "is_retired",
        ]  # fmt: skip


class ItemUpdateInput(serializers.Serializer):
    code = serializers.CharField(max_length=50, required=False, allow_blank=True)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    statement = serializers.CharField(max_length=STATEMENT_MAX, required=False)
    description = serializers.CharField(max_length=STATEMENT_MAX, required=False, allow_blank=True)


class ThemeOutput(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "identifier", "framework", "title", "description", "position"]


class FrameworkUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    version = serializers.CharField(max_length=50, required=False, allow_blank=True)
    description = serializers.CharField(max_length=STATEMENT_MAX, required=False, allow_blank=True)
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    source = serializers.CharField(max_length=300, required=False, allow_blank=True)
    is_public = serializers.BooleanField(
        required=False,
        help_text="Served without credentials by the CASE provider, when adopted and the district allows "
        "anonymous CASE reads.",
    )
    adoption_status = serializers.ChoiceField(choices=AdoptionStatus.choices, required=False)


class FrameworkCopyInput(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)


class LevelInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    value = serializers.DecimalField(max_digits=6, decimal_places=2)
    is_proficient = serializers.BooleanField(default=False)


class LevelOutput(serializers.ModelSerializer):
    class Meta:
        model = Level
        fields = ["id", "name", "value", "position", "is_proficient"]


class LevelsInput(serializers.Serializer):
    levels = LevelInput(many=True)


class FrameworkCreateInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    audience = serializers.ChoiceField(choices=Audience.choices)
    version = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        max_length=STATEMENT_MAX, required=False, allow_blank=True, default=""
    )


class ItemCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["domain", "competency", "indicator"])
    parent = serializers.IntegerField(required=False, allow_null=True)
    code = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    statement = serializers.CharField(max_length=STATEMENT_MAX)
    description = serializers.CharField(
        max_length=STATEMENT_MAX, required=False, allow_blank=True, default=""
    )


class DescriptorInput(serializers.Serializer):
    level = serializers.IntegerField()
    text = serializers.CharField(max_length=STATEMENT_MAX, allow_blank=True)


class DescriptorsInput(serializers.Serializer):
    descriptors = DescriptorInput(many=True)


class DescriptorOutput(serializers.ModelSerializer):
    level_name = serializers.CharField(source="level.name", read_only=True, allow_null=True)

    class Meta:
        model = Descriptor
        fields = ["level", "level_name", "text", "position"]


class CaseUpdatesInput(serializers.Serializer):
    repair = serializers.BooleanField(
        default=False, help_text="Mend the two known defects of published packages, as import/ does."
    )


class CaseUrlImportInput(serializers.Serializer):
    url = serializers.URLField(max_length=500, help_text="An http(s) URL serving a CFPackage.")
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    repair = serializers.BooleanField(
        default=False, help_text="Mend the two known defects of published packages, as import/ does."
    )
