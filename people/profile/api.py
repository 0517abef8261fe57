from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS_READ
from people.profile.selectors import person_profile_for_actor
from people.profile.serializers import PersonProfileOut


class PersonProfileView(APIView):
    """The person page as JSON: each part as its app's privacy rules let you see it."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="A person's profile", responses={200: PersonProfileOut, **ERRORS_READ})
    def get(self, request, person_id):
        profile = person_profile_for_actor(actor=request.user, person_id=person_id)
        return Response(PersonProfileOut(profile).data)
