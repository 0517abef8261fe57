from rest_framework import serializers

from assessments.models import Framework


class FrameworkOutput(serializers.ModelSerializer):
    competency_count = serializers.IntegerField(read_only=True)
    indicator_count = serializers.IntegerField(read_only=True)
    origin = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Framework
        fields = [
            "id", "identifier", "uri", "title", "version", "audience", "source", "description",
            "adoption_status", "case_version", "origin", "competency_count", "indicator_count",
            "created_at", "updated_at",
        ]  # fmt: skip


class CaseImportInput(serializers.Serializer):
    package = serializers.JSONField(help_text="A CASE 1.0 or 1.1 package (CFPackage JSON).")
    audience = serializers.ChoiceField(
        choices=["leaders", "educators"], required=False, help_text="Who rates themselves on it."
    )


class CaseImportOutput(serializers.Serializer):
    framework = FrameworkOutput()
    created = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())
