"""Input and output shapes of `/api/v1/district-policy/`."""

from rest_framework import serializers

from schools.models import DistrictPolicy
from schools.policy.services import ESCALATION_DAYS, REVIEW_RANGES


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
            "case_anonymous_reads",
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
    case_anonymous_reads = serializers.BooleanField(
        required=False,
        help_text="Anyone may read the adopted frameworks marked public from the CASE provider "
        "(/ims/case/v1p1/) without credentials.",
    )
