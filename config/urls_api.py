from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api import ApiTokenViewSet
from assessments.frameworks.api import CompetencyViewSet, FrameworkViewSet, IndicatorViewSet, ThemeViewSet
from assessments.perception.api import PerceptionSurveyViewSet
from assessments.self_assessment.api import SelfAssessmentViewSet
from assessments.windows.api import AssessmentWindowViewSet
from coaching.checkins.api import CheckInViewSet
from coaching.cycles.api.cycles import CoachingCycleViewSet
from coaching.cycles.api.feedback import FeedbackViewSet
from coaching.cycles.api.observations import ObservationViewSet
from coaching.goals.api import GoalViewSet
from dashboards.district.api import DistrictDashboardView
from dashboards.home.api import MyDashboardView
from dashboards.school.api import SchoolDashboardView
from identity.providers.api import IdentityProviderViewSet, SignInPolicyView
from integrations.api import IntegrationClientViewSet
from notifications.api import NotificationViewSet
from pathways.catalog.api import MicroCredentialViewSet
from pathways.credentials.api import CredentialViewSet
from pathways.programs.api import EnrollmentViewSet, LeaderPipelineView, PathwayViewSet, RecommendationsView
from pathways.reviews.api import ReviewerViewSet, ReviewViewSet
from pathways.submissions.api import SubmissionViewSet
from people.nudges.api import NudgeView
from people.profile.api import PersonProfileView
from rostering.api import RoleMappingViewSet, RosterImportViewSet, RosterProviderView
from schools.api import MembershipViewSet, MeView, PersonViewSet, SchoolViewSet, SupervisionViewSet
from schools.policy.api import DistrictPolicyView
from schools.roadmap.api import (
    RoadmapMilestoneDetailView,
    RoadmapMilestoneListView,
    RoadmapOverviewView,
    RoadmapPhaseDetailView,
    RoadmapPhaseListView,
    VisionView,
)
from webhooks.api import DeliveryViewSet as WebhookDeliveryViewSet
from webhooks.api import EndpointViewSet as WebhookEndpointViewSet


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
router.register("roster-imports", RosterImportViewSet, basename="roster-import")
router.register("roster-role-mappings", RoleMappingViewSet, basename="roster-role-mapping")
router.register("webhook-endpoints", WebhookEndpointViewSet, basename="webhook-endpoint")
router.register(
    r"webhook-endpoints/(?P<endpoint_pk>[^/.]+)/deliveries",
    WebhookDeliveryViewSet,
    basename="webhook-delivery",
)
router.register("integration-clients", IntegrationClientViewSet, basename="integration-client")
router.register("identity-providers", IdentityProviderViewSet, basename="identity-provider")

app_name = "api"
urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("district-policy/", DistrictPolicyView.as_view(), name="district-policy"),
    path("recommendations/", RecommendationsView.as_view(), name="recommendations"),
    path("leader-pipeline/", LeaderPipelineView.as_view(), name="leader-pipeline"),
    path("dashboards/district/", DistrictDashboardView.as_view(), name="dashboards-district"),
    # Any text, so that a malformed id is a JSON 404 like a missing one.
    path("dashboards/schools/<str:school_id>/", SchoolDashboardView.as_view(), name="dashboards-school"),
    path("dashboards/me/", MyDashboardView.as_view(), name="dashboard-me"),
    path("vision/", VisionView.as_view(), name="vision"),
    path("roadmap/", RoadmapOverviewView.as_view(), name="roadmap"),
    path("roadmap-phases/", RoadmapPhaseListView.as_view(), name="roadmap-phase-list"),
    path("roadmap-phases/<str:pk>/", RoadmapPhaseDetailView.as_view(), name="roadmap-phase-detail"),
    path("roadmap-milestones/", RoadmapMilestoneListView.as_view(), name="roadmap-milestone-list"),
    path(
        "roadmap-milestones/<str:pk>/", RoadmapMilestoneDetailView.as_view(), name="roadmap-milestone-detail"
    ),
    path("people/<int:person_id>/profile/", PersonProfileView.as_view(), name="person-profile"),
    path("nudges/", NudgeView.as_view(), name="nudges"),
    path("roster-provider/", RosterProviderView.as_view(), name="roster-provider"),
    path("sign-in-policy/", SignInPolicyView.as_view(), name="sign-in-policy"),
    path("", include(router.urls)),
]
