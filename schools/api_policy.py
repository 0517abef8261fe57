"""`/api/v1/district-policy/`: one resource per district, read by all, changed by admins."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS_READ, ERRORS_WRITE, parse
from core.permissions import require
from schools.models import DistrictPolicy
from schools.policy import ESCALATION_DAYS, REVIEW_RANGES, policy_get_for_actor, policy_update


class DistrictPolicyOutput(serializers.ModelSerializer):
    class Meta:
        model = DistrictPolicy
        fields = [
            "goals_require_approval",
            "check_in_escalation_days",
            "credential_max_attempts",
            "blind_review",
            "second_review_percent",
            "review_target_days",
            "updated_at",
        ]


class DistrictPolicyUpdateInput(serializers.Serializer):
    goals_require_approval = serializers.BooleanField(
        required=False, help_text="A supervisor approves each goal before it becomes active."
    )
    check_in_escalation_days = serializers.IntegerField(
        required=False,
        min_value=ESCALATION_DAYS[0],
        max_value=ESCALATION_DAYS[1],
        help_text="Days after a check-in falls overdue before the coach or supervisor is told.",
    )
    credential_max_attempts = serializers.IntegerField(
        required=False,
        min_value=REVIEW_RANGES["credential_max_attempts"][0],
        max_value=REVIEW_RANGES["credential_max_attempts"][1],
        help_text="How many attempts a person has at one micro-credential.",
    )
    blind_review = serializers.BooleanField(
        required=False,
        help_text="Reviewers see neither the name nor the school, and never review their supervisees.",
    )
    second_review_percent = serializers.IntegerField(
        required=False,
        min_value=REVIEW_RANGES["second_review_percent"][0],
        max_value=REVIEW_RANGES["second_review_percent"][1],
        help_text="The share of submissions (0 to 100 %) that also get a second, independent review.",
    )
    review_target_days = serializers.IntegerField(
        required=False,
        min_value=REVIEW_RANGES["review_target_days"][0],
        max_value=REVIEW_RANGES["review_target_days"][1],
        help_text="Days a review may wait before its reviewer is reminded (again every as many days).",
    )


class DistrictPolicyView(APIView):
    """The district's own choices: whether goals need approval, when overdue check-ins escalate."""

    @extend_schema(summary="The district's policy", responses={200: DistrictPolicyOutput, **ERRORS_READ})
    def get(self, request):
        return Response(DistrictPolicyOutput(policy_get_for_actor(actor=request.user)).data)

    @extend_schema(
        summary="Change the district's policy (district administrators)",
        request=DistrictPolicyUpdateInput,
        responses={200: DistrictPolicyOutput, **ERRORS_WRITE},
    )
    def patch(self, request):
        require(request.user, "policy.manage")  # refused before the input is even read
        data = parse(DistrictPolicyUpdateInput, request.data)
        return Response(DistrictPolicyOutput(policy_update(actor=request.user, **data)).data)
