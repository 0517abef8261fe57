from rest_framework import serializers

from assessments.models import (
    AdoptionStatus,
    AssessmentWindow,
    Audience,
    Descriptor,
    Framework,
    Item,
    Level,
    PerceptionSurvey,
    Rating,
    SelfAssessment,
    Theme,
)
from core.roles import Role


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
    """A row of the list: no reflection, no focus (those are read one round at a time)."""

    person = serializers.PrimaryKeyRelatedField(read_only=True)
    rated = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = SelfAssessment
        fields = ["id", "person", "framework", "status", "started_at", "updated_at", "submitted_at", "rated"]


class SelfAssessmentDetailOutput(SelfAssessmentOutput):
    focus_competencies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    ratings = RatingOutput(many=True, read_only=True)

    class Meta(SelfAssessmentOutput.Meta):
        fields = [*SelfAssessmentOutput.Meta.fields, "reflection", "focus_competencies", "ratings"]


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


class WindowOutput(serializers.ModelSerializer):
    schools = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = AssessmentWindow
        fields = [
            "id",
            "framework",
            "title",
            "roles",
            "schools",
            "opens_on",
            "closes_on",
            "reminder_days",
            "created_at",
        ]


class WindowCreateInput(serializers.Serializer):
    framework = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), min_length=1)
    schools = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=90), required=False, default=[7, 1]
    )


class CompletionOutput(serializers.Serializer):
    school = serializers.IntegerField()
    school_name = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="Fewer than five people in scope: no numbers shown.")
    in_scope = serializers.IntegerField(allow_null=True)
    submitted = serializers.IntegerField(allow_null=True)
    rate = serializers.FloatField(allow_null=True)


class PerceptionSurveyOutput(serializers.ModelSerializer):
    invited = serializers.IntegerField(read_only=True)
    answered = serializers.IntegerField(read_only=True, help_text="How many staff have answered.")
    asked_me = serializers.BooleanField(
        read_only=True, help_text="You are invited and have not answered yet."
    )

    class Meta:
        model = PerceptionSurvey
        fields = [
            "id",
            "leader",
            "school",
            "framework",
            "closes_on",
            "is_closed",
            "created_at",
            "invited",
            "answered",
            "asked_me",
        ]


class PerceptionSurveyCreateInput(serializers.Serializer):
    framework = serializers.IntegerField()
    school = serializers.IntegerField()
    closes_on = serializers.DateField()


class PerceptionAnswerInput(serializers.Serializer):
    indicator = serializers.IntegerField()
    level = serializers.IntegerField()


class PerceptionResponseInput(serializers.Serializer):
    ratings = PerceptionAnswerInput(many=True)


class GapLineOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    self = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    staff = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    gap = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class PerceptionReportOutput(serializers.Serializer):
    available = serializers.BooleanField()
    responses = serializers.IntegerField()
    invited = serializers.IntegerField()
    needed = serializers.IntegerField(
        required=False, help_text="Answers still needed before the report shows."
    )
    reason = serializers.ChoiceField(
        choices=["open", "too_few"], required=False, help_text="Why it is not available yet."
    )
    closes_on = serializers.DateField(required=False)
    self_assessment = serializers.IntegerField(allow_null=True, required=False)
    indicators = GapLineOutput(many=True, required=False)
    competencies = GapLineOutput(many=True, required=False)
    themes = GapLineOutput(many=True, required=False)


class FrameworkCreateInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    audience = serializers.ChoiceField(choices=Audience.choices)
    version = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ItemCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["domain", "competency", "indicator"])
    parent = serializers.IntegerField(required=False, allow_null=True)
    code = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    statement = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class DescriptorInput(serializers.Serializer):
    level = serializers.IntegerField()
    text = serializers.CharField(allow_blank=True)


class DescriptorsInput(serializers.Serializer):
    descriptors = DescriptorInput(many=True)


class DescriptorOutput(serializers.ModelSerializer):
    level_name = serializers.CharField(source="level.name", read_only=True, allow_null=True)

    class Meta:
        model = Descriptor
        fields = ["level", "level_name", "text", "position"]
