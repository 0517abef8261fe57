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
from coaching.api_checkins import CheckInViewSet
from coaching.api_cycles import CoachingCycleViewSet, FeedbackViewSet, ObservationViewSet
from coaching.api_goals import GoalViewSet
from notifications.api import NotificationViewSet
from pathways.catalog.api import MicroCredentialViewSet
from pathways.credentials.api import CredentialViewSet
from pathways.programs.api import EnrollmentViewSet, LeaderPipelineView, PathwayViewSet, RecommendationsView
from pathways.reviews.api import ReviewerViewSet, ReviewViewSet
from pathways.submissions.api import SubmissionViewSet
from people.nudges.api import NudgeView
from people.profile.api import PersonProfileView
from schools.api import MembershipViewSet, SchoolViewSet, SupervisionViewSet
from schools.api_policy import DistrictPolicyView


class Router(DefaultRouter):
    # No `.json`-style suffix routes: actions take no `format` argument (a suffixed action
    # would be a 500), and `?format=` already chooses a renderer where there is a choice.
    include_format_suffixes = False


router = Router(trailing_slash=True)
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
router.register("notifications", NotificationViewSet, basename="notification")
router.register("goals", GoalViewSet, basename="goal")
router.register("check-ins", CheckInViewSet, basename="check-in")
router.register("coaching-cycles", CoachingCycleViewSet, basename="coaching-cycle")
router.register("observations", ObservationViewSet, basename="observation")
router.register("feedback", FeedbackViewSet, basename="feedback")
router.register("micro-credentials", MicroCredentialViewSet, basename="micro-credential")
router.register("submissions", SubmissionViewSet, basename="submission")
router.register("reviews", ReviewViewSet, basename="review")
router.register("reviewers", ReviewerViewSet, basename="reviewer")
router.register("credentials", CredentialViewSet, basename="credential")
router.register("pathways", PathwayViewSet, basename="pathway")
router.register("enrollments", EnrollmentViewSet, basename="enrollment")

app_name = "api"
urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("district-policy/", DistrictPolicyView.as_view(), name="district-policy"),
    path("recommendations/", RecommendationsView.as_view(), name="recommendations"),
    path("leader-pipeline/", LeaderPipelineView.as_view(), name="leader-pipeline"),
    path("dashboards/", include("dashboards.urls_api")),
    path("", include("schools.api_roadmap")),
    path("people/<int:person_id>/profile/", PersonProfileView.as_view(), name="person-profile"),
    path("nudges/", NudgeView.as_view(), name="nudges"),
    path("", include(router.urls)),
]
