"""Input and output shapes of /api/v1/pathways/, /enrollments/, /recommendations/ and
/leader-pipeline/. Outputs are built from plain dicts (see pathways/programs/selectors.py)."""

from rest_framework import serializers

from core.roles import Role
from pathways.models import CatalogStatus, EnrollmentStatus, StepKind


class PathwayStepInput(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True, help_text="An existing step kept.")
    kind = serializers.ChoiceField(choices=StepKind.choices)
    micro_credential = serializers.IntegerField(
        required=False, allow_null=True, help_text="A published micro-credential (any version of it counts)."
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, help_text="Activities.")
    url = serializers.CharField(max_length=1000, required=False, allow_blank=True, help_text="http(s).")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0, required=False)
    group = serializers.IntegerField(
        required=False, allow_null=True, help_text="Number of its group in `groups`, from 1."
    )
    prerequisites = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, max_length=50,
        help_text="Numbers (positions, from 1) of the steps to finish first.",
    )  # fmt: skip


class PathwayGroupInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    required_count = serializers.IntegerField(help_text="How many of the group's steps suffice (n of m).")


class PathwayUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    serves = serializers.CharField(max_length=200, required=False, allow_blank=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), required=False)
    competency = serializers.IntegerField(required=False, allow_null=True)
    is_leadership = serializers.BooleanField(required=False)
    steps = PathwayStepInput(many=True, required=False, max_length=100)
    groups = PathwayGroupInput(many=True, required=False, max_length=50)


class PathwayCreateInput(PathwayUpdateInput):
    title = serializers.CharField(max_length=200)


class PathwayStepOutput(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=StepKind.choices)
    micro_credential = serializers.DictField(allow_null=True, help_text="{id, title, version, lineage}")
    title = serializers.CharField()
    url = serializers.CharField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    group = serializers.IntegerField(allow_null=True, help_text="Group number (from 1), or null.")
    prerequisites = serializers.ListField(child=serializers.IntegerField(), help_text="Step positions.")


class PathwayGroupOutput(serializers.Serializer):
    number = serializers.IntegerField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    required_count = serializers.IntegerField()
    size = serializers.IntegerField()


class EnrollmentProgressOutput(serializers.Serializer):
    steps_done = serializers.IntegerField()
    steps_needed = serializers.IntegerField()
    hours_done = serializers.DecimalField(max_digits=7, decimal_places=1)
    hours_total = serializers.DecimalField(max_digits=7, decimal_places=1)
    percent = serializers.IntegerField()
    complete = serializers.BooleanField()
    next_steps = serializers.ListField(child=serializers.IntegerField(), help_text="Step ids available now.")


class StepStateOutput(serializers.Serializer):
    step = serializers.IntegerField()
    position = serializers.IntegerField()
    done = serializers.BooleanField()
    available = serializers.BooleanField()
    missing = serializers.ListField(
        child=serializers.IntegerField(), help_text="Prerequisite positions not done."
    )


class GroupStateOutput(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    required_count = serializers.IntegerField()
    done_count = serializers.IntegerField()
    satisfied = serializers.BooleanField()


class EnrollmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    pathway = serializers.DictField(help_text="{id, title}")
    person = serializers.DictField(help_text="{id, name}")
    status = serializers.ChoiceField(choices=EnrollmentStatus.choices)
    enrolled_by = serializers.IntegerField(allow_null=True)
    enrolled_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    progress = EnrollmentProgressOutput()


class EnrollmentDetailOutput(EnrollmentOutput):
    steps = StepStateOutput(many=True)
    groups = GroupStateOutput(many=True)


class PathwayOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    serves = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    competency = serializers.IntegerField(allow_null=True)
    competency_code = serializers.CharField(allow_null=True)
    is_leadership = serializers.BooleanField()
    status = serializers.ChoiceField(choices=CatalogStatus.choices)
    step_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PathwayDetailOutput(PathwayOutput):
    steps = PathwayStepOutput(many=True)
    groups = PathwayGroupOutput(many=True)
    enrollment = EnrollmentDetailOutput(allow_null=True, help_text="Your own latest enrollment, if any.")


class EnrollmentCreateInput(serializers.Serializer):
    pathway = serializers.IntegerField()
    person = serializers.IntegerField(required=False, help_text="Default: you.")


class ActivityCompleteInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RecommendationOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("micro_credential", "Micro-credential"), ("pathway", "Pathway")])
    id = serializers.IntegerField()
    title = serializers.CharField()
    score = serializers.DecimalField(max_digits=8, decimal_places=2)
    reasons = serializers.ListField(child=serializers.CharField())


class RecommendationsOutput(serializers.Serializer):
    person = serializers.IntegerField()
    results = RecommendationOutput(many=True)


class PipelinePersonOutput(serializers.Serializer):
    enrollment = serializers.IntegerField()
    person = serializers.DictField(help_text="{id, name}")
    pathway = serializers.DictField(help_text="{id, title}")


class PipelineRowOutput(serializers.Serializer):
    school = serializers.DictField(allow_null=True, help_text="{id, name}; null for the central office.")
    label = serializers.CharField()
    enrolled_count = serializers.IntegerField()
    completed_count = serializers.IntegerField()
    enrolled = PipelinePersonOutput(many=True)
    completed = PipelinePersonOutput(many=True)


class PipelineOutput(serializers.Serializer):
    results = PipelineRowOutput(many=True)
