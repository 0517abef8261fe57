"""Output of `GET /api/v1/dashboards/me/`: the dict that
`dashboards.home.selectors.me.my_dashboard` returns.

Every component is named `MeDashboard...` so none collides with another endpoint's.
URLs are the pages' paths on the district's host.
"""

from rest_framework import serializers

from assessments.models import Audience, SelfAssessmentStatus
from coaching.models import GoalHealth
from core.roles import Role
from pathways.models import SubmissionStatus


class MeDashboardPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class MeDashboardYouSerializer(MeDashboardPersonSerializer):
    first_name = serializers.CharField()


class MeDashboardRoleSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Role.choices)
    label = serializers.CharField()


class MeDashboardSchoolSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    grade_band_label = serializers.CharField()
    stage_label = serializers.CharField(help_text="The school's implementation stage on the roadmap.")


class MeDashboardMembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=Role.choices)
    role_label = serializers.CharField()
    school = MeDashboardSchoolSerializer(allow_null=True, help_text="Null at the central office.")
    position = serializers.CharField(allow_blank=True)
    start_date = serializers.DateField()


class MeDashboardAboutSerializer(serializers.Serializer):
    memberships = MeDashboardMembershipSerializer(many=True, help_text="Your current roles.")
    schools = MeDashboardSchoolSerializer(many=True, help_text="The schools of your current roles.")
    supervisors = MeDashboardPersonSerializer(many=True, help_text="Who you report to.")
    supervisees = MeDashboardPersonSerializer(many=True, help_text="Who you supervise.")


class MeDashboardFrameworkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class MeDashboardSubmittedRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    framework = MeDashboardFrameworkSerializer()
    submitted_at = serializers.DateTimeField()
    url = serializers.CharField(help_text="Its results page, where focus competencies are chosen.")


class MeDashboardCompetencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(allow_blank=True)
    title = serializers.CharField()


class MeDashboardFocusSerializer(serializers.Serializer):
    audience = serializers.ChoiceField(
        choices=Audience.choices, help_text="The audience of the frameworks you rate yourself on."
    )
    self_assessment = MeDashboardSubmittedRoundSerializer(
        allow_null=True, help_text="Your latest submitted self-assessment; null before the first."
    )
    competencies = MeDashboardCompetencySerializer(many=True, help_text="Its focus competencies.")


class MeDashboardGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    statement = serializers.CharField()
    health = serializers.ChoiceField(
        choices=[("", "Not yet assessed"), *GoalHealth.choices], allow_blank=True
    )
    health_label = serializers.CharField(allow_blank=True)
    due_on = serializers.DateField()
    url = serializers.CharField()


class MeDashboardCheckInSubjectSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text='"goal" or "cycle" (a coaching cycle).')
    id = serializers.IntegerField()
    title = serializers.CharField()


class MeDashboardCheckInSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    due_on = serializers.DateField()
    status = serializers.CharField(help_text='"open" or "overdue" (see /api/v1/check-ins/).')
    status_label = serializers.CharField()
    subject = MeDashboardCheckInSubjectSerializer()
    owed = serializers.IntegerField(help_text="How many check-ins you owe in all (open and overdue).")
    url = serializers.CharField()


class MeDashboardPathwayStepSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()


class MeDashboardPathwayRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class MeDashboardEnrollmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pathway = MeDashboardPathwayRefSerializer()
    percent = serializers.IntegerField(min_value=0, max_value=100)
    steps_done = serializers.IntegerField()
    steps_needed = serializers.IntegerField()
    next_steps = MeDashboardPathwayStepSerializer(
        many=True, help_text="Up to three steps whose prerequisites are done and that are not done yet."
    )
    url = serializers.CharField()


class MeDashboardRecommendationSerializer(serializers.Serializer):
    # Plain strings: the same choice sets in a second component would make drf-spectacular
    # rename the enums of /api/v1/recommendations/ and /api/v1/check-ins/.
    kind = serializers.CharField(help_text='"micro_credential" or "pathway".')
    id = serializers.IntegerField()
    title = serializers.CharField()
    score = serializers.DecimalField(max_digits=8, decimal_places=2)
    reasons = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField()


class MeDashboardFeedbackSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = MeDashboardPersonSerializer()
    created_at = serializers.DateTimeField()
    strengths = serializers.CharField()
    next_steps = serializers.CharField()
    acknowledged = serializers.BooleanField()
    url = serializers.CharField()


class MeDashboardMicroCredentialRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class MeDashboardSubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    micro_credential = MeDashboardMicroCredentialRefSerializer()
    status = serializers.ChoiceField(choices=SubmissionStatus.choices, help_text="Never earned.")
    status_label = serializers.CharField()
    attempt = serializers.IntegerField()
    attempts_left = serializers.IntegerField(help_text="Further attempts the district allows after this one.")
    url = serializers.CharField()


class MeDashboardNextStepSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField()


class MeDashboardGrowthSerializer(serializers.Serializer):
    next_steps = MeDashboardNextStepSerializer(many=True, help_text="What to do next, most pressing first.")
    focus = MeDashboardFocusSerializer()
    goals = MeDashboardGoalSerializer(many=True, help_text="Your active personal goals, soonest due first.")
    next_check_in = MeDashboardCheckInSerializer(
        allow_null=True, help_text="The earliest-due check-in you still owe (open or overdue)."
    )
    pathways = MeDashboardEnrollmentSerializer(many=True, help_text="Your active pathways, latest first.")
    recommendations = MeDashboardRecommendationSerializer(
        many=True, help_text="The top three of /api/v1/recommendations/, best first."
    )
    latest_feedback = MeDashboardFeedbackSerializer(
        allow_null=True, help_text="The newest feedback you received."
    )
    pending_work = MeDashboardSubmissionSerializer(
        many=True,
        help_text='Open micro-credential attempts, and "not yet" ones you may still revise; latest first.',
    )


class MeDashboardStageSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class MeDashboardWorkPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class MeDashboardWorkCycleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class MeDashboardWorkObservationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    observed_on = serializers.DateField()


class MeDashboardFeedbackToWriteSerializer(serializers.Serializer):
    observation = MeDashboardWorkObservationSerializer()
    person = MeDashboardWorkPersonSerializer()
    cycle = MeDashboardWorkCycleSerializer(allow_null=True)
    text = serializers.CharField()
    url = serializers.CharField(help_text="Where to write the feedback.")


class MeDashboardObservationDueSerializer(serializers.Serializer):
    cycle = MeDashboardWorkCycleSerializer()
    person = MeDashboardWorkPersonSerializer()
    last_observed_on = serializers.DateField(allow_null=True)
    text = serializers.CharField()
    url = serializers.CharField(help_text="The observation form for the cycle.")


class MeDashboardCycleWaitingSerializer(serializers.Serializer):
    cycle = MeDashboardWorkCycleSerializer()
    person = MeDashboardWorkPersonSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    text = serializers.CharField(help_text="The next action, in words.")
    url = serializers.CharField()


class MeDashboardWorkDueSerializer(serializers.Serializer):
    feedback_to_write = MeDashboardFeedbackToWriteSerializer(
        many=True, help_text="Your observations nobody has given feedback on yet, oldest first (at most 10)."
    )
    feedback_to_write_total = serializers.IntegerField()
    observations_due = MeDashboardObservationDueSerializer(
        many=True, help_text="Observing cycles with no observation in 14 days and none planned (at most 10)."
    )
    observations_due_total = serializers.IntegerField()
    cycles_waiting = MeDashboardCycleWaitingSerializer(
        many=True, help_text="Other open cycles whose next move is yours: plan, move on, close (at most 10)."
    )
    cycles_waiting_total = serializers.IntegerField()


class MeDashboardCoachingSerializer(serializers.Serializer):
    coachees = serializers.IntegerField(help_text="People in your open cycles.")
    open_cycles = serializers.IntegerField()
    stages = MeDashboardStageSerializer(many=True, help_text="Open cycles at each stage, in cycle order.")
    missed_check_ins = serializers.IntegerField(
        help_text="Overdue check-ins you follow up (coaching/checkins/overdue.py): on your open cycles and "
        "your supervisees' goals, as the coaching workspace lists them."
    )
    feedback_unacknowledged = serializers.IntegerField(help_text="Feedback you gave not yet acknowledged.")
    workspace_url = serializers.CharField()
    work_due = MeDashboardWorkDueSerializer(
        help_text="The coaching work waiting on you, shown first on your home."
    )


class MeDashboardLeadershipRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    framework = MeDashboardFrameworkSerializer()
    status = serializers.ChoiceField(choices=SelfAssessmentStatus.choices)
    status_label = serializers.CharField()
    started_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField()


class MeDashboardLedSchoolSerializer(MeDashboardSchoolSerializer):
    url = serializers.CharField(help_text="The school's dashboard page.")


class MeDashboardLeadershipSerializer(serializers.Serializer):
    self_assessment = MeDashboardLeadershipRoundSerializer(
        allow_null=True, help_text="Your latest round on a leadership framework, draft or submitted."
    )
    start_url = serializers.CharField(help_text="Where a self-assessment is started.")
    schools = MeDashboardLedSchoolSerializer(
        many=True, help_text="The schools you lead: their figures are at /api/v1/dashboards/schools/{id}/."
    )


class MeDashboardDistrictSerializer(serializers.Serializer):
    dashboard_url = serializers.CharField()
    roadmap_url = serializers.CharField()
    pipeline_url = serializers.CharField()


class MeDashboardSerializer(serializers.Serializer):
    person = MeDashboardYouSerializer()
    roles = MeDashboardRoleSerializer(many=True)
    about = MeDashboardAboutSerializer()
    growth = MeDashboardGrowthSerializer(allow_null=True, help_text="Null for a person with no current role.")
    coaching = MeDashboardCoachingSerializer(
        allow_null=True, help_text="Coaches, and anyone coaching an open cycle; otherwise null."
    )
    leadership = MeDashboardLeadershipSerializer(allow_null=True, help_text="School leaders; otherwise null.")
    district = MeDashboardDistrictSerializer(
        allow_null=True, help_text="Central office and district administrators; otherwise null."
    )
