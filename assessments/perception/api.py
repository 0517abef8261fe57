from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assessments.frameworks.selectors import framework_get_for_actor
from assessments.models import PerceptionSurvey
from assessments.perception import selectors, services
from assessments.perception.serializers import (
    PerceptionReportOutput,
    PerceptionResponseInput,
    PerceptionSurveyCreateInput,
    PerceptionSurveyOutput,
)
from core.api import ERRORS_READ, ERRORS_WRITE, get_or_404, parse, resolve
from schools.selectors import school_get_for_actor


@extend_schema_view(
    list=extend_schema(
        summary="List staff perception surveys",
        description="Your own, the ones you are asked to answer (`asked_me`), and your supervisees'.",
        responses={200: PerceptionSurveyOutput, **ERRORS_READ},
    ),
    retrieve=extend_schema(
        summary="Get a perception survey", responses={200: PerceptionSurveyOutput, **ERRORS_READ}
    ),
)
class PerceptionSurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = PerceptionSurvey.objects.none()
    serializer_class = PerceptionSurveyOutput

    def get_queryset(self):
        return selectors.perception_list_counted_for_actor(actor=self.request.user)

    def get_object(self):
        return self._survey(self.kwargs["pk"])

    def _survey(self, survey_id):
        return get_or_404(self.get_queryset(), survey_id)

    @extend_schema(
        summary="Ask your school's staff to rate you",
        request=PerceptionSurveyCreateInput,
        responses={201: PerceptionSurveyOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(PerceptionSurveyCreateInput, request.data)
        framework = resolve(
            "framework", framework_get_for_actor, actor=request.user, framework_id=data["framework"]
        )
        school = resolve("school", school_get_for_actor, actor=request.user, school_id=data["school"])
        survey = services.perception_survey_open(
            actor=request.user, framework=framework, school=school, closes_on=data["closes_on"]
        )
        return Response(PerceptionSurveyOutput(self._survey(survey.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Answer anonymously (once)",
        request=PerceptionResponseInput,
        responses={204: None, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def responses(self, request, pk=None):
        data = parse(PerceptionResponseInput, request.data)
        services.perception_respond(actor=request.user, survey=self.get_object(), ratings=data["ratings"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="The gap report (once closed, with at least five answers)",
        responses={200: PerceptionReportOutput, **ERRORS_READ},
    )
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        report = selectors.perception_report_for(actor=request.user, survey=self.get_object())
        if report is None:
            raise Http404
        return Response(PerceptionReportOutput(report).data)

    @extend_schema(
        summary="Close the survey (the leader)",
        request=None,
        responses={200: PerceptionSurveyOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        survey = services.perception_survey_close(actor=request.user, survey=self.get_object())
        return Response(PerceptionSurveyOutput(self._survey(survey.pk)).data)
