from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS_WRITE, parse
from people.nudges.serializers import NudgeInput, NudgeOutput
from people.nudges.services import nudge_send


class NudgeView(APIView):
    """Send a reminder about overdue check-ins (people/nudges/__init__.py has the rules)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Remind people of their overdue check-ins",
        description="Name check-ins (`check_ins`) or people (`people`: every overdue check-in of "
        "theirs that you may read). Each person is reminded of each check-in at most once in 24 hours; "
        "when nothing is left to send, the 400 says when another reminder can go.",
        request=NudgeInput,
        responses={201: NudgeOutput, **ERRORS_WRITE},
    )
    def post(self, request):
        data = parse(NudgeInput, request.data)
        outcome = nudge_send(
            actor=request.user, check_in_ids=data.get("check_ins", ()), person_ids=data.get("people", ())
        )
        return Response(NudgeOutput(outcome).data, status=status.HTTP_201_CREATED)
