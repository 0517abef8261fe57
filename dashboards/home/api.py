"""`GET /api/v1/dashboards/me/`: the home page's figures about the signed-in person
(routed in config/urls_api.py)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS_READ
from dashboards.home.selectors.me import my_dashboard
from dashboards.home.serializers import MeDashboardSerializer


class MyDashboardView(APIView):
    @extend_schema(
        summary="My dashboard",
        description="What the home page shows about you, and only you: focus competencies, goals, the "
        "next check-in you owe, pathway progress, the top recommendations, the latest feedback you "
        "received and your open micro-credential work; for coaches, the coaching workspace in figures; "
        "for school leaders, your leadership self-assessment and the schools you lead (each school's "
        "figures are at /api/v1/dashboards/schools/{id}/); for the central office and district "
        "administrators, where the district dashboard and roadmap are. Sections that do not apply "
        "to your roles are null.",
        responses={200: MeDashboardSerializer, 401: ERRORS_READ[401]},
    )
    def get(self, request):
        return Response(MeDashboardSerializer(my_dashboard(actor=request.user)).data)
