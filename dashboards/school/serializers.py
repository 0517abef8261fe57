"""Output shapes of the school dashboard API (GET /api/v1/dashboards/schools/{id}/).

Every component is prefixed SchoolDashboard so that the OpenAPI component names never
collide with the district dashboard's. Shares are 0 to 1 and means are decimals, both as
strings; null means suppressed (fewer than five people) or unknown.
"""

from rest_framework import serializers


def _share():
    return serializers.DecimalField(max_digits=4, decimal_places=3, allow_null=True)


def _mean():
    return serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


def _value():
    return serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class SchoolDashboardSchoolSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    grade_band = serializers.CharField()
    grade_band_label = serializers.CharField()
    stage = serializers.CharField(help_text="The school's implementation stage on the roadmap.")
    stage_label = serializers.CharField()


class SchoolDashboardFiguresSerializer(serializers.Serializer):
    """The school's row of the district dashboard (dashboards.figures.schools.school_figures)."""

    stage = serializers.CharField()
    staff = serializers.IntegerField()
    self_assessment_asked = serializers.IntegerField(allow_null=True)
    self_assessment_rate = _share()
    mean_level = _mean()
    active_cycles = serializers.IntegerField()
    recent_observations = serializers.IntegerField(help_text="Observations in the last 90 days.")
    open_windows = serializers.IntegerField()
    check_in_on_time_rate = _share()
    goals_on_track_rate = _share()
    active_goals = serializers.IntegerField(allow_null=True)
    credentials_earned = serializers.IntegerField(help_text="Micro-credentials earned this school year.")
    credentials_in_progress = serializers.IntegerField(allow_null=True)
    enrollments = serializers.IntegerField()
    learning_hours = serializers.DecimalField(max_digits=10, decimal_places=1)
    suppressed = serializers.ListField(
        child=serializers.CharField(),
        help_text="The figures above that are null because one to four people stand behind them; "
        "other nulls have nothing to count.",
    )


class SchoolDashboardTrendSerializer(serializers.Serializer):
    """The school's figures at the end of a month (its last nightly snapshot); the last
    point is the figures above, as of the dashboard's date (`live`)."""

    month = serializers.DateField()
    taken_on = serializers.DateField(help_text="The date the figures describe.")
    live = serializers.BooleanField(
        help_text="True for the last point: the school's figures as of today, equal to `figures`."
    )
    staff = serializers.IntegerField(required=False, allow_null=True)
    self_assessment_rate = _share()
    mean_level = _mean()
    active_cycles = serializers.IntegerField(required=False, allow_null=True)
    check_in_on_time_rate = _share()
    goals_on_track_rate = _share()
    credentials_earned = serializers.IntegerField(required=False, allow_null=True)
    enrollments = serializers.IntegerField(required=False, allow_null=True)


class SchoolDashboardPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SchoolDashboardProgressSerializer(serializers.Serializer):
    recorded_on = serializers.DateField()
    value = _value()
    on_the_line = _value()


class SchoolDashboardGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    statement = serializers.CharField()
    measure = serializers.CharField()
    owner = SchoolDashboardPersonSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    health = serializers.CharField(allow_null=True, help_text="on_track, at_risk or off_track; active goals.")
    health_label = serializers.CharField(allow_null=True)
    baseline = _value()
    target = _value()
    current_value = _value()
    starts_on = serializers.DateField()
    due_on = serializers.DateField()
    expected_now = _value()
    progress = SchoolDashboardProgressSerializer(many=True)
    url = serializers.CharField(help_text="The goal's page.")


class SchoolDashboardGoalHealthSerializer(serializers.Serializer):
    active = serializers.IntegerField()
    on_track = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    off_track = serializers.IntegerField()
    not_assessed = serializers.IntegerField()
    met = serializers.IntegerField()
    missed = serializers.IntegerField()
    awaiting_approval = serializers.IntegerField()


class SchoolDashboardGoalsSerializer(serializers.Serializer):
    items = SchoolDashboardGoalSerializer(many=True)
    health = SchoolDashboardGoalHealthSerializer()


class SchoolDashboardFrameworkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class SchoolDashboardDomainGrowthSerializer(serializers.Serializer):
    key = serializers.CharField()
    code = serializers.CharField()
    label = serializers.CharField()
    now = _mean()
    now_people = serializers.IntegerField(allow_null=True)
    now_suppressed = serializers.BooleanField()
    previous = _mean()
    latest = _mean()
    change = _mean()
    people = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()


class SchoolDashboardGrowthSerializer(serializers.Serializer):
    framework = SchoolDashboardFrameworkSerializer(allow_null=True)
    basis = serializers.CharField()
    repeaters = serializers.IntegerField(
        allow_null=True, help_text="Staff with at least two submitted rounds; null when one to four."
    )
    domains = SchoolDashboardDomainGrowthSerializer(many=True)


class SchoolDashboardCountSerializer(serializers.Serializer):
    count = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()


class SchoolDashboardOnTimeSerializer(SchoolDashboardCountSerializer):
    fell_due = serializers.IntegerField(allow_null=True)


class SchoolDashboardCheckInsSerializer(serializers.Serializer):
    due_soon = SchoolDashboardCountSerializer(help_text="Open, due today or in the next six days.")
    overdue = SchoolDashboardCountSerializer()
    on_time = SchoolDashboardOnTimeSerializer(help_text="Of those that fell due in the last 30 days.")
    due_soon_days = serializers.IntegerField()
    on_time_days = serializers.IntegerField()


class SchoolDashboardOverdueSerializer(serializers.Serializer):
    person = SchoolDashboardPersonSerializer()
    overdue = serializers.IntegerField()
    oldest_due_on = serializers.DateField()


class SchoolDashboardCycleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class SchoolDashboardFeedbackItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    given_at = serializers.DateTimeField()
    recipient = SchoolDashboardPersonSerializer()
    cycle = SchoolDashboardCycleRefSerializer(allow_null=True)
    url = serializers.CharField()


class SchoolDashboardFeedbackSerializer(serializers.Serializer):
    awaiting = SchoolDashboardCountSerializer(help_text="Feedback to the staff not yet acknowledged.")
    mine = SchoolDashboardFeedbackItemSerializer(many=True, help_text="Feedback you gave that awaits it.")


class SchoolDashboardStatusCountSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class SchoolDashboardObservationCountSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    count = serializers.IntegerField()


class SchoolDashboardCoachingSerializer(serializers.Serializer):
    cycles_by_status = SchoolDashboardStatusCountSerializer(
        many=True, help_text="Open cycles by status, and those closed this school year."
    )
    open_cycles = serializers.IntegerField()
    observations = SchoolDashboardObservationCountSerializer(many=True)


class SchoolDashboardSerializer(serializers.Serializer):
    on = serializers.DateField()
    school = SchoolDashboardSchoolSerializer()
    small_group = serializers.IntegerField(help_text="Groups smaller than this are suppressed.")
    figures = SchoolDashboardFiguresSerializer()
    trend = SchoolDashboardTrendSerializer(many=True)
    goals = SchoolDashboardGoalsSerializer()
    growth = SchoolDashboardGrowthSerializer()
    check_ins = SchoolDashboardCheckInsSerializer()
    supervisees = SchoolDashboardOverdueSerializer(
        many=True,
        help_text="Your own supervisees at the school with overdue check-ins (each read is audited).",
    )
    feedback = SchoolDashboardFeedbackSerializer()
    coaching = SchoolDashboardCoachingSerializer()
