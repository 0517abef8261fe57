"""API: GET /api/v1/dashboards/district/, the district dashboard's figures (the same
selector as the page and its CSV downloads; routed in config/urls_api.py)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS_WRITE
from dashboards.district.selectors import district_dashboard
from dashboards.district.serializers import DistrictDashboardSerializer
from schools.models import GradeBand, ImplementationStage

PARAMETERS = [
    OpenApiParameter(
        "framework",
        OpenApiTypes.INT,
        description="An adopted framework's id for the levels (by default the adopted educators' "
        "framework). Anything else is a 400 on `framework`.",
    ),
    OpenApiParameter(
        "grade_band", OpenApiTypes.STR, enum=GradeBand.values, description="Only these schools."
    ),
    OpenApiParameter(
        "stage", OpenApiTypes.STR, enum=ImplementationStage.values, description="Only these schools."
    ),
    OpenApiParameter(
        "sort",
        OpenApiTypes.STR,
        description="The schools' order: a column (name, code, grade_band, stage, staff, "
        "self_assessment_rate, active_cycles, check_in_on_time_rate, goals_on_track_rate, "
        "credentials_earned, enrollments) or a domain's key (domain:<id>), with a leading `-` for "
        "descending. Suppressed figures sort last either way. Default `name`.",
    ),
]


class DistrictDashboardView(APIView):
    @extend_schema(
        summary="The district dashboard (central office, district administrators)",
        description="Every school's figures (staff, self-assessment completion in the open windows, "
        "mean self-rated level by domain, active coaching cycles, check-ins on time in the last 30 days, "
        "active goals on track, credentials earned this school year, pathway enrollments, stage) and the "
        "district's; each school's and the district's mean level by domain, competency and theme on the "
        "chosen framework (the heatmaps: `schools[].levels.competencies` and `.themes`, always included); "
        "the district's trend by month; reciprocal accountability for the schools shown; the leader "
        "pipeline summary; the vision and roadmap. Figures about people's own records that fewer than "
        "five people stand behind are null (level cells say `suppressed`). Shares are 0 to 1.",
        parameters=PARAMETERS,
        responses={
            200: DistrictDashboardSerializer,
            400: ERRORS_WRITE[400],
            401: ERRORS_WRITE[401],
            403: ERRORS_WRITE[403],
        },
    )
    def get(self, request):
        dashboard = district_dashboard(
            actor=request.user,
            framework_id=request.query_params.get("framework"),
            grade_band=request.query_params.get("grade_band"),
            stage=request.query_params.get("stage"),
            sort=request.query_params.get("sort"),
        )
        return Response(DistrictDashboardSerializer(dashboard).data)
