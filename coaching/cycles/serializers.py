"""Input and output shapes for coaching cycles, notes, observations and feedback."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coaching.cycles.rules import sees_cycle_contents
from coaching.models import (
    Attachment,
    Cadence,
    CoachingCycle,
    CycleNote,
    CycleStatus,
    EvidenceItem,
    Feedback,
    Observation,
    ObservationKind,
)
from core.api import MAX_ID, DistrictDateField

MAX_TEXT = 20_000
MAX_LIST = 100


def IdField(**kwargs):  # noqa: N802 - reads as a field class
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def IdList(**kwargs):  # noqa: N802
    return serializers.ListField(child=IdField(), max_length=MAX_LIST, **kwargs)


def Text(**kwargs):  # noqa: N802
    return serializers.CharField(max_length=MAX_TEXT, **kwargs)


# --- References ---------------------------------------------------------------------------


class PersonName(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")


class SchoolName(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class IndicatorRef(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField(source="label")


class LevelRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class GoalRef(serializers.Serializer):
    id = serializers.IntegerField()
    statement = serializers.CharField()
    status = serializers.CharField()


# --- Cycles -------------------------------------------------------------------------------

CYCLE_CONTENT_FIELDS = ("summary", "goals", "invited_self_assessment")


class CycleOutput(serializers.ModelSerializer):
    """A cycle. Someone who sees only its outline (the coachee's supervisor) gets
    `access: "outline"` and no summary, goals or invitation."""

    access = serializers.SerializerMethodField(
        help_text='"full", or "outline" for the coachee\'s supervisor.'
    )
    coach = PersonName()
    coachee = PersonName()
    school = SchoolName(allow_null=True)
    focus_indicators = IndicatorRef(many=True)
    goals = GoalRef(many=True, required=False, help_text="Full access only.")
    summary = serializers.CharField(required=False, help_text="Full access only; written at close.")
    invited_self_assessment = serializers.BooleanField(required=False, help_text="Full access only.")

    class Meta:
        model = CoachingCycle
        fields = [
            "id", "access", "coach", "coachee", "school", "title", "status", "cadence", "starts_on",
            "ends_on", "focus_indicators", "goals", "summary", "invited_self_assessment", "closed_at",
            "created_at", "updated_at",
        ]  # fmt: skip

    def _full(self, cycle) -> bool:
        return sees_cycle_contents(actor=self.context["request"].user, cycle=cycle)

    def get_access(self, cycle) -> str:
        return "full" if self._full(cycle) else "outline"

    def to_representation(self, cycle):
        data = super().to_representation(cycle)
        if data["access"] == "outline":
            for field in CYCLE_CONTENT_FIELDS:
                data.pop(field, None)
        return data


class CycleCreateInput(serializers.Serializer):
    coachee = IdField()
    coach = IdField(required=False, help_text="District administrators only: the coach; default you.")
    title = serializers.CharField(max_length=200)
    starts_on = DistrictDateField()
    ends_on = DistrictDateField()
    cadence = serializers.ChoiceField(choices=Cadence.choices, default=Cadence.BIWEEKLY)
    focus_indicators = IdList(required=False, default=list)
    goals = IdList(required=False, default=list, help_text="The coachee's goals.")


class CycleUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    starts_on = DistrictDateField(required=False)
    ends_on = DistrictDateField(required=False)
    cadence = serializers.ChoiceField(choices=Cadence.choices, required=False)
    focus_indicators = IdList(required=False)
    goals = IdList(required=False)


class TransitionInput(serializers.Serializer):
    to = serializers.ChoiceField(choices=CycleStatus.choices)
    summary = Text(required=False, allow_blank=True, default="", help_text="Required to close.")
    invite_self_assessment = serializers.BooleanField(
        required=False,
        default=False,
        help_text="On close: invite the coachee to reassess the focus competencies.",
    )


class NoteOutput(serializers.ModelSerializer):
    author = PersonName()

    class Meta:
        model = CycleNote
        fields = ["id", "cycle", "author", "body", "shared_with_supervisor", "created_at"]


class NoteInput(serializers.Serializer):
    body = Text()


class ShareInput(serializers.Serializer):
    shared = serializers.BooleanField(help_text="Show it to your supervisor (true) or stop (false).")


# --- Observations -------------------------------------------------------------------------


class EvidenceOutput(serializers.ModelSerializer):
    indicator = IndicatorRef()
    level = LevelRef(allow_null=True)

    class Meta:
        model = EvidenceItem
        fields = ["id", "indicator", "level", "note"]


class AttachmentOutput(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text="The API path that returns the file.")

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_by", "created_at", "download"]

    def get_download(self, attachment) -> str:
        return reverse(
            "api:observation-attachment-download",
            kwargs={"pk": attachment.observation_id, "attachment_id": attachment.pk},
        )


class ObservationOutput(serializers.ModelSerializer):
    observer = PersonName()
    observed = PersonName()
    school = SchoolName()
    evidence = EvidenceOutput(many=True)
    attachments = AttachmentOutput(many=True)

    class Meta:
        model = Observation
        fields = [
            "id", "cycle", "observed_on", "school", "observer", "observed", "kind", "notes",
            "shared_with_supervisor", "evidence", "attachments", "created_at", "updated_at",
        ]  # fmt: skip


class EvidenceInput(serializers.Serializer):
    indicator = IdField()
    level = IdField(required=False, allow_null=True)
    note = Text(required=False, allow_blank=True, default="")


class ObservationCreateInput(serializers.Serializer):
    observed = IdField()
    observed_on = DistrictDateField()
    kind = serializers.ChoiceField(choices=ObservationKind.choices, default=ObservationKind.OBSERVATION)
    notes = Text(required=False, allow_blank=True, default="")
    cycle = IdField(required=False, allow_null=True)
    school = IdField(required=False, allow_null=True, help_text="Default: the observed person's school.")
    evidence = serializers.ListField(child=EvidenceInput(), max_length=MAX_LIST, required=False, default=list)


class ObservationUpdateInput(serializers.Serializer):
    observed_on = DistrictDateField(required=False)
    kind = serializers.ChoiceField(choices=ObservationKind.choices, required=False)
    notes = Text(required=False, allow_blank=True)
    evidence = serializers.ListField(
        child=EvidenceInput(), max_length=MAX_LIST, required=False, help_text="Replaces the evidence."
    )


class AttachmentInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="PDF, PNG, JPEG, DOCX, MP4 or MOV.")


# --- Feedback -----------------------------------------------------------------------------


class FeedbackOutput(serializers.ModelSerializer):
    author = PersonName()
    recipient = PersonName()
    indicators = IndicatorRef(many=True)

    class Meta:
        model = Feedback
        fields = [
            "id", "cycle", "observation", "author", "recipient", "indicators", "strengths", "next_steps",
            "acknowledged_at", "reflection", "shared_with_supervisor", "created_at",
        ]  # fmt: skip


class FeedbackCreateInput(serializers.Serializer):
    strengths = Text()
    next_steps = Text()
    recipient = IdField(required=False, help_text="Outside a cycle and without an observation.")
    cycle = IdField(required=False, allow_null=True)
    observation = IdField(required=False, allow_null=True)
    indicators = IdList(required=False, default=list)


class AcknowledgeInput(serializers.Serializer):
    reflection = Text(required=False, allow_blank=True, default="")


# --- Timeline -----------------------------------------------------------------------------


class TimelineCheckIn(serializers.Serializer):
    id = serializers.IntegerField()
    owner = PersonName()
    due_on = serializers.DateField()
    status = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)
    progress_rating = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()
    blockers = serializers.CharField()


class TimelineStatusChange(serializers.Serializer):
    status = serializers.CharField()
    previous = serializers.CharField(allow_null=True)
    by = PersonName(allow_null=True)
    at = serializers.DateTimeField()


TIMELINE_SHAPES = {
    "observation": ObservationOutput,
    "feedback": FeedbackOutput,
    "note": NoteOutput,
    "check_in": TimelineCheckIn,
    "status": TimelineStatusChange,
}


class TimelineEntryOutput(serializers.Serializer):
    kind = serializers.CharField(help_text="observation, feedback, note, check_in or status.")
    date = serializers.DateField()
    object = serializers.SerializerMethodField(
        help_text="Shaped by `kind`: an observation, a piece of feedback, a note, a check-in "
        "{id, owner, due_on, status, completed_at, progress_rating, note, blockers}, or a status "
        "change {status, previous, by, at}."
    )

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_object(self, entry):
        return TIMELINE_SHAPES[entry["kind"]](entry["object"], context=self.context).data
