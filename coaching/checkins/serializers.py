"""Input and output shapes of /api/v1/check-ins/."""

from rest_framework import serializers

from coaching.models import CheckIn

MAX_TEXT = 5000


class CheckInOutput(serializers.ModelSerializer):
    subject_type = serializers.SerializerMethodField(help_text="`goal` or `cycle`.")
    subject_title = serializers.SerializerMethodField(help_text="The goal's statement or the cycle's title.")
    owner_name = serializers.CharField(source="owner.full_name", read_only=True)
    progress_value = serializers.SerializerMethodField(
        help_text="The goal's progress value recorded with this answer, if any."
    )

    class Meta:
        model = CheckIn
        fields = [
            "id", "subject_type", "goal", "cycle", "subject_title", "owner", "owner_name", "due_on",
            "status", "opened_at", "completed_at", "progress_rating", "note", "blockers",
            "progress_value", "escalated_at",
        ]  # fmt: skip

    def get_subject_type(self, check_in) -> str:
        return "goal" if check_in.goal_id else "cycle"

    def get_subject_title(self, check_in) -> str:
        return check_in.goal.statement if check_in.goal_id else check_in.cycle.title

    def get_progress_value(self, check_in) -> str | None:
        update = getattr(check_in, "progress_update", None)
        return None if update is None else f"{update.value:.2f}"


class CheckInCompleteInput(serializers.Serializer):
    progress_rating = serializers.IntegerField(
        min_value=1, max_value=5, help_text="1 (stuck) to 5 (going very well)."
    )
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    blockers = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    progress_value = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="Goal check-ins only: the measure's value today, recorded as a progress update.",
    )
