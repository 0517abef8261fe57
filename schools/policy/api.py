"""`/api/v1/district-policy/`: one resource per district, read by all, changed by admins."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS_READ, ERRORS_WRITE, parse
from schools.policy.rules import may_change_policy
from schools.policy.selectors import policy_get_for_actor
from schools.policy.serializers import DistrictPolicyOutput, DistrictPolicyUpdateInput
from schools.policy.services import policy_update


class PolicyAccess(permissions.BasePermission):
    """Everyone signed in reads the policy; changing it needs "policy.manage", refused
    before the input is even read. Not `ActionPermission`: reading needs no role at all."""

    message = "You do not have permission to do that."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or may_change_policy(actor=request.user)


class DistrictPolicyView(APIView):
    """The district's own choices: whether goals need approval, when overdue check-ins escalate."""

    permission_classes = [PolicyAccess]

    @extend_schema(summary="The district's policy", responses={200: DistrictPolicyOutput, **ERRORS_READ})
    def get(self, request):
        return Response(DistrictPolicyOutput(policy_get_for_actor(actor=request.user)).data)

    @extend_schema(
        summary="Change the district's policy (district administrators)",
        request=DistrictPolicyUpdateInput,
        responses={200: DistrictPolicyOutput, **ERRORS_WRITE},
    )
    def patch(self, request):
        data = parse(DistrictPolicyUpdateInput, request.data)
        return Response(DistrictPolicyOutput(policy_update(actor=request.user, **data)).data)
