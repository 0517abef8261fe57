from rest_framework import serializers

from assessments.models import AssessmentWindow
from core.api import DistrictDateField
from core.roles import Role


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
    opens_on = DistrictDateField()
    closes_on = DistrictDateField()
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
