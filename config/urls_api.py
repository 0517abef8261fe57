from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api import ApiTokenViewSet, MeView, PersonViewSet
from assessments.api import (
    AssessmentWindowViewSet,
    CompetencyViewSet,
    FrameworkViewSet,
    IndicatorViewSet,
    PerceptionSurveyViewSet,
    SelfAssessmentViewSet,
    ThemeViewSet,
)
from schools.api import MembershipViewSet, SchoolViewSet, SupervisionViewSet

router = DefaultRouter(trailing_slash=True)
router.register("schools", SchoolViewSet, basename="school")
router.register("people", PersonViewSet, basename="person")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("supervisions", SupervisionViewSet, basename="supervision")
router.register("tokens", ApiTokenViewSet, basename="token")
router.register("frameworks", FrameworkViewSet, basename="framework")
router.register("competencies", CompetencyViewSet, basename="competency")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("themes", ThemeViewSet, basename="theme")
router.register("self-assessments", SelfAssessmentViewSet, basename="self-assessment")
router.register("assessment-windows", AssessmentWindowViewSet, basename="assessment-window")
router.register("perception-surveys", PerceptionSurveyViewSet, basename="perception-survey")

app_name = "api"
urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("", include(router.urls)),
]
