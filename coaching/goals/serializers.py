"""Input and output shapes of /api/v1/goals/."""

from rest_framework import serializers

from coaching.models import Cadence, Goal, GoalKind, Milestone, ProgressUpdate
from core.api import DistrictDateField

MAX_TEXT = 5000
MAX_NOTE = 2000


def _number(**kwargs):
    return serializers.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class MilestoneOutput(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "done_on"]


class ProgressOutput(serializers.ModelSerializer):
    class Meta:
        model = ProgressUpdate
        fields = ["id", "recorded_on", "value", "note", "author", "check_in", "created_at"]


class GoalOutput(serializers.ModelSerializer):
    """A row of the list: the goal without its milestones and progress."""

    owner_name = serializers.CharField(source="owner.full_name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True, allow_null=True, default=None)
    competencies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = [
            "id", "kind", "owner", "owner_name", "school", "school_name", "statement", "measure",
            "baseline", "target", "current_value", "starts_on", "due_on", "cadence", "competencies",
            "status", "health", "approved_by", "approved_at", "approval_note", "activated_on",
            "closed_at", "created_at", "updated_at",
        ]  # fmt: skip


class GoalDetailOutput(GoalOutput):
    milestones = MilestoneOutput(many=True, read_only=True)
    progress = ProgressOutput(many=True, read_only=True, source="progress_updates")

    class Meta(GoalOutput.Meta):
        fields = [*GoalOutput.Meta.fields, "milestones", "progress"]


class MilestoneInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_on = DistrictDateField()


class GoalCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=GoalKind.choices, default=GoalKind.PERSONAL)
    statement = serializers.CharField(max_length=MAX_TEXT, help_text="Specific: what will change.")
    measure = serializers.CharField(max_length=300, help_text="Measurable: how progress is counted.")
    baseline = _number(help_text="Where the measure stands at the start.")
    target = _number(help_text="Where it should be by the due date (above or below the baseline).")
    starts_on = DistrictDateField()
    due_on = DistrictDateField()
    cadence = serializers.ChoiceField(choices=Cadence.choices, default=Cadence.BIWEEKLY)
    competencies = serializers.ListField(
        child=serializers.IntegerField(), max_length=20, required=False, default=list,
        help_text="Competency ids (GET /api/v1/competencies/).",
    )  # fmt: skip
    milestones = MilestoneInput(many=True, required=False, default=list)
    school = serializers.IntegerField(required=False, allow_null=True, help_text="School goals only.")
    owner = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="School goals: which of the school's leaders owns it (default: you, or its only leader).",
    )


class GoalUpdateInput(serializers.Serializer):
    statement = serializers.CharField(max_length=MAX_TEXT, required=False)
    measure = serializers.CharField(max_length=300, required=False)
    baseline = _number(required=False)
    target = _number(required=False)
    starts_on = DistrictDateField(required=False)
    due_on = DistrictDateField(required=False)
    cadence = serializers.ChoiceField(choices=Cadence.choices, required=False)
    competencies = serializers.ListField(child=serializers.IntegerField(), max_length=20, required=False)


class GoalReturnInput(serializers.Serializer):
    note = serializers.CharField(max_length=MAX_NOTE, help_text="What should change.")


class GoalCloseInput(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=["met", "missed", "withdrawn"],
        help_text="Required, with no default: how the goal ended.",
        error_messages={"required": "Say how the goal ended: met, missed or withdrawn."},
    )


class ProgressInput(serializers.Serializer):
    recorded_on = DistrictDateField()
    value = _number()
    note = serializers.CharField(max_length=MAX_NOTE, required=False, allow_blank=True, default="")


class MilestoneCompleteInput(serializers.Serializer):
    done_on = DistrictDateField(required=False, help_text="Default: today in the district.")
