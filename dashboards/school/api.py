"""API: one school's dashboard, GET /api/v1/dashboards/schools/{id}/ (routed in config/urls_api.py)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS_READ, ErrorSerializer
from dashboards.school.selectors import school_dashboard
from dashboards.school.serializers import SchoolDashboardSerializer


class SchoolDashboardView(APIView):
    @extend_schema(
        operation_id="dashboards_school_retrieve",
        summary="One school's dashboard (dashboard.school)",
        description="The school's figures and monthly trend, its goals with health and progress, the "
        "staff's growth by domain, check-ins, feedback awaiting acknowledgement and coaching "
        "activity. School leaders open the schools they lead; the central office and district "
        "administrators any school. Counts about people's own records are null (suppressed) when "
        "one to four people stand behind them. Names appear only for your own supervisees with "
        "overdue check-ins, and each such read is written to the audit log.",
        parameters=[
            OpenApiParameter(
                "school_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The school's id."
            )
        ],
        responses={
            200: SchoolDashboardSerializer,
            **ERRORS_READ,
            403: OpenApiResponse(ErrorSerializer, description="Your role has no school dashboards."),
        },
    )
    def get(self, request, school_id):
        dashboard = school_dashboard(actor=request.user, school_id=school_id)
        return Response(SchoolDashboardSerializer(dashboard).data)
