from rest_framework import serializers

from assessments.models import PerceptionSurvey
from core.api import DistrictDateField


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
    closes_on = DistrictDateField()


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
    closes_on = DistrictDateField(required=False)
    self_assessment = serializers.IntegerField(allow_null=True, required=False)
    indicators = GapLineOutput(many=True, required=False)
    competencies = GapLineOutput(many=True, required=False)
    themes = GapLineOutput(many=True, required=False)
