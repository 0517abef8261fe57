from rest_framework import serializers

from assessments.models import AdoptionStatus, Audience, Framework, Item, Level, Rating, SelfAssessment, Theme


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
        choices=Audience.choices, required=False, help_text="Who rates themselves on it."
    )


class CaseImportOutput(serializers.Serializer):
    framework = FrameworkOutput()
    created = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())


class ItemOutput(serializers.ModelSerializer):
    themes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Item
        fields = [
            "id", "identifier", "framework", "parent", "kind", "code", "title", "statement",
            "description", "sequence", "depth", "themes", "is_retired",
        ]  # fmt: skip


class ItemUpdateInput(serializers.Serializer):
    code = serializers.CharField(max_length=50, required=False, allow_blank=True)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    statement = serializers.CharField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class ThemeOutput(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "identifier", "framework", "title", "description", "position"]


class RatingInput(serializers.Serializer):
    indicator = serializers.IntegerField()
    level = serializers.IntegerField(required=False, allow_null=True)
    not_applicable = serializers.BooleanField(required=False, default=False)
    not_applicable_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class RatingOutput(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = [
            "indicator",
            "level",
            "not_applicable",
            "not_applicable_reason",
            "evidence",
            "note",
            "updated_at",
        ]


class SelfAssessmentOutput(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    focus_competencies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    rated = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = SelfAssessment
        fields = [
            "id", "person", "framework", "status", "reflection", "focus_competencies",
            "started_at", "updated_at", "submitted_at", "rated",
        ]  # fmt: skip


class SelfAssessmentDetailOutput(SelfAssessmentOutput):
    ratings = RatingOutput(many=True, read_only=True)

    class Meta(SelfAssessmentOutput.Meta):
        fields = [*SelfAssessmentOutput.Meta.fields, "ratings"]


class SelfAssessmentCreateInput(serializers.Serializer):
    framework = serializers.IntegerField()


class SelfAssessmentSaveInput(serializers.Serializer):
    reflection = serializers.CharField(required=False, allow_blank=True)
    ratings = RatingInput(many=True, required=False)


class FocusInput(serializers.Serializer):
    competencies = serializers.ListField(child=serializers.IntegerField(), max_length=10)


class ScoreOutput(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    key = serializers.CharField()
    label = serializers.CharField()
    mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    level = serializers.CharField(allow_null=True)
    proficient = serializers.BooleanField()
    rated = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    distribution = serializers.DictField(child=serializers.IntegerField())
    previous_mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    growth = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class ResultsOutput(serializers.Serializer):
    overall = ScoreOutput()
    domains = ScoreOutput(many=True)
    competencies = ScoreOutput(many=True)
    themes = ScoreOutput(many=True)
    strengths = ScoreOutput(many=True)
    growth_areas = ScoreOutput(many=True)
    previous_self_assessment = serializers.IntegerField(allow_null=True, source="previous.pk", default=None)


class FrameworkUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    version = serializers.CharField(max_length=50, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    source = serializers.CharField(max_length=300, required=False, allow_blank=True)
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
