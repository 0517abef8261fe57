"""Input and output shapes of the vision and roadmap API. Component names carry "Vision" or
"Roadmap" so they never collide with another area's in the OpenAPI document."""

from rest_framework import serializers

from core.api import DistrictDateField
from core.text import STATEMENT_MAX
from schools.models import ImplementationStage, RoadmapMilestone, RoadmapPhase
from schools.roadmap.selectors import milestone_status
from schools.roadmap.services import VISION_MAX_LENGTH


class VisionOutput(serializers.Serializer):
    statement = serializers.CharField(help_text="The district's vision for competency-based education.")
    updated_at = serializers.DateTimeField(allow_null=True, help_text="Null until it is first written.")


class VisionUpdateInput(serializers.Serializer):
    statement = serializers.CharField(
        allow_blank=True,
        max_length=VISION_MAX_LENGTH,
        help_text="Replaces the whole statement; blank clears it.",
    )


class RoadmapPhaseOutput(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    milestone_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = RoadmapPhase
        fields = [
            "id",
            "stage",
            "stage_label",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "milestone_count",
            "updated_at",
        ]


class RoadmapPhaseCreateInput(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=ImplementationStage.choices, help_text="The stage this phase describes; one phase per stage."
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=STATEMENT_MAX, required=False, allow_blank=True, default=""
    )
    starts_on = DistrictDateField(required=False, allow_null=True, default=None)
    ends_on = DistrictDateField(
        required=False, allow_null=True, default=None, help_text="On or after `starts_on`."
    )


class RoadmapPhaseUpdateInput(serializers.Serializer):
    stage = serializers.ChoiceField(choices=ImplementationStage.choices, required=False)
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=STATEMENT_MAX, required=False, allow_blank=True)
    starts_on = DistrictDateField(required=False, allow_null=True)
    ends_on = DistrictDateField(required=False, allow_null=True)


class RoadmapMilestoneOutput(serializers.ModelSerializer):
    stage = serializers.CharField(source="phase.stage", read_only=True)
    status = serializers.SerializerMethodField(help_text="done, overdue or upcoming.")

    class Meta:
        model = RoadmapMilestone
        fields = ["id", "phase", "stage", "title", "description", "due_on", "done_on", "status", "created_at"]

    def get_status(self, milestone) -> str:
        return milestone_status(milestone, self.context["today"])


class RoadmapMilestoneCreateInput(serializers.Serializer):
    phase = serializers.IntegerField(min_value=1, help_text="The phase's id.")
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=STATEMENT_MAX, required=False, allow_blank=True, default=""
    )
    due_on = DistrictDateField(help_text="Within the phase's dates, as far as it has dates.")
    done_on = DistrictDateField(
        required=False, allow_null=True, default=None, help_text="When it was done; not in the future."
    )


class RoadmapMilestoneUpdateInput(serializers.Serializer):
    phase = serializers.IntegerField(min_value=1, required=False, help_text="Move it to another phase.")
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=STATEMENT_MAX, required=False, allow_blank=True)
    due_on = DistrictDateField(required=False)
    done_on = DistrictDateField(
        required=False, allow_null=True, help_text="A date marks it done; null reopens it."
    )


class RoadmapOverviewMilestoneOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=["done", "overdue", "upcoming"])


class RoadmapOverviewSchoolOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RoadmapOverviewPhaseOutput(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Null when the stage has no phase written yet.")
    stage = serializers.ChoiceField(choices=ImplementationStage.choices)
    stage_label = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    milestones = RoadmapOverviewMilestoneOutput(many=True)
    milestones_done = serializers.IntegerField()
    next_milestone = RoadmapOverviewMilestoneOutput(
        allow_null=True, help_text="The first milestone not done yet, by due date."
    )
    schools = RoadmapOverviewSchoolOutput(many=True, help_text="The active schools at this stage, by name.")


class RoadmapOverviewOutput(serializers.Serializer):
    vision = VisionOutput()
    phases = RoadmapOverviewPhaseOutput(many=True, help_text="The three stages in order.")
