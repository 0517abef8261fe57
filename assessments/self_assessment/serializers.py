from rest_framework import serializers

from assessments.models import Rating, SelfAssessment
from core.text import LONG_MAX, STATEMENT_MAX


class RatingInput(serializers.Serializer):
    indicator = serializers.IntegerField()
    level = serializers.IntegerField(required=False, allow_null=True)
    not_applicable = serializers.BooleanField(required=False, default=False)
    not_applicable_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    evidence = serializers.CharField(max_length=STATEMENT_MAX, required=False, allow_blank=True)
    note = serializers.CharField(max_length=STATEMENT_MAX, required=False, allow_blank=True)


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
    reflection = serializers.CharField(max_length=LONG_MAX, required=False, allow_blank=True)
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
