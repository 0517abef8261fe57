"""Output shapes of GET /api/v1/dashboards/district/. Decimals are strings, as everywhere
in the API; a null figure is suppressed (fewer than five people stand behind it) or there
is nothing to count. Component names start with "DistrictDashboard" so they never collide
with another area's in the OpenAPI document."""

from rest_framework import serializers

from schools.models import GradeBand, ImplementationStage
from schools.roadmap.serializers import RoadmapOverviewOutput

NULL = "Null when fewer than five people stand behind it (suppressed), or nothing to count."


def _share(help_text):
    return serializers.DecimalField(
        max_digits=4, decimal_places=3, allow_null=True, help_text=f"{help_text}, 0 to 1. {NULL}"
    )


def _mean(help_text):
    return serializers.DecimalField(
        max_digits=6, decimal_places=2, allow_null=True, help_text=f"{help_text}. {NULL}"
    )


class DistrictDashboardGroupSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='"domain:<id>", "competency:<id>" or "theme:<id>".')
    code = serializers.CharField(help_text="The item's code; empty for themes.")
    label = serializers.CharField()


class DistrictDashboardGroupsSerializer(serializers.Serializer):
    domains = DistrictDashboardGroupSerializer(source="domain", many=True)
    competencies = DistrictDashboardGroupSerializer(source="competency", many=True)
    themes = DistrictDashboardGroupSerializer(source="theme", many=True)


class DistrictDashboardLevelCellSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The group's key (see `groups`).")
    mean = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        allow_null=True,
        help_text="Mean self-rated level (each person's latest submitted round, their own mean in "
        "the group counting once). Null when suppressed or when nobody rated the group.",
    )
    people = serializers.IntegerField(
        allow_null=True, help_text="How many people rated; null when suppressed."
    )
    suppressed = serializers.BooleanField(help_text="Fewer than five people rated: no mean is shown.")


class DistrictDashboardLevelsSerializer(serializers.Serializer):
    domains = DistrictDashboardLevelCellSerializer(source="domain", many=True)
    competencies = DistrictDashboardLevelCellSerializer(
        source="competency", many=True, help_text="The heatmap of schools by competency."
    )
    themes = DistrictDashboardLevelCellSerializer(
        source="theme", many=True, help_text="The heatmap of schools by theme."
    )


class DistrictDashboardFiguresSerializer(serializers.Serializer):
    staff = serializers.IntegerField(help_text="People with a membership at the school today.")
    self_assessment_asked = serializers.IntegerField(
        allow_null=True, help_text=f"Staff an open assessment window asks. {NULL}"
    )
    self_assessment_rate = _share("Share of those asked who submitted in the current window")
    mean_level = _mean("Mean self-rated level over everyone's latest rounds on every framework")
    active_cycles = serializers.IntegerField(help_text="Coaching cycles under way.")
    recent_observations = serializers.IntegerField(help_text="Observations in the last 90 days.")
    check_in_on_time_rate = _share("Share of check-ins due in the last 30 days completed by their due date")
    goals_on_track_rate = _share("Share of active goals on track")
    active_goals = serializers.IntegerField(allow_null=True)
    credentials_earned = serializers.IntegerField(help_text="Micro-credentials earned this school year.")
    credentials_in_progress = serializers.IntegerField(
        allow_null=True, help_text="Micro-credential submissions under way."
    )
    enrollments = serializers.IntegerField(help_text="Active pathway enrollments.")
    learning_hours = serializers.DecimalField(
        max_digits=10, decimal_places=1, help_text="Professional-learning hours this school year."
    )
    levels = DistrictDashboardLevelsSerializer(help_text="Mean level by domain, competency and theme.")
    suppressed = serializers.ListField(
        child=serializers.CharField(),
        help_text="The figures above that are null because one to four people stand behind them; "
        "other nulls have nothing to count.",
    )


class DistrictDashboardSchoolSerializer(DistrictDashboardFiguresSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    grade_band = serializers.ChoiceField(choices=GradeBand.choices)
    stage = serializers.ChoiceField(
        choices=ImplementationStage.choices, help_text="Its stage on the roadmap."
    )
    open_windows = serializers.IntegerField(help_text="Assessment windows open at the school.")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Identity first, then the figures, so a reader sees which school a row is.
        first = ("id", "name", "code", "grade_band", "stage")
        return {**{key: data[key] for key in first}, **{k: v for k, v in data.items() if k not in first}}


class DistrictDashboardTrendPointSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The month's first day.")
    taken_on = serializers.DateField(help_text="The date the figures describe: the month's last snapshot.")
    live = serializers.BooleanField(
        help_text="True for the last point: the district's row as of today, equal to `district`."
    )
    staff = serializers.IntegerField(allow_null=True)
    self_assessment_rate = _share("Self-assessment completion")
    mean_level = _mean("Mean self-rated level")
    active_cycles = serializers.IntegerField(allow_null=True)
    check_in_on_time_rate = _share("Check-ins on time")
    goals_on_track_rate = _share("Active goals on track (null in back-filled history)")
    credentials_earned = serializers.IntegerField(allow_null=True)
    enrollments = serializers.IntegerField(allow_null=True)


class DistrictDashboardFrameworkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    audience = serializers.CharField()
    level_low = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    level_high = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class DistrictDashboardFiltersSerializer(serializers.Serializer):
    framework = serializers.IntegerField(allow_null=True)
    grade_band = serializers.CharField(allow_null=True)
    stage = serializers.CharField(allow_null=True)
    sort = serializers.CharField()


class DistrictDashboardSchoolRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _per(help_text, places=2):
    return serializers.DecimalField(
        max_digits=12, decimal_places=places, allow_null=True, help_text=f"{help_text}; null without staff."
    )


class DistrictDashboardExpectationsSerializer(serializers.Serializer):
    active_goals = serializers.IntegerField(allow_null=True, help_text="Null for a past date (not known).")
    open_windows = serializers.IntegerField()
    self_assessment_asked = serializers.IntegerField(
        allow_null=True, help_text="Null where fewer than five were asked (counted as zero)."
    )
    per_staff = _per("Active goals and self-assessments asked, per staff member")


class DistrictDashboardSupportSerializer(serializers.Serializer):
    active_cycles = serializers.IntegerField()
    recent_observations = serializers.IntegerField(help_text="In the last 90 days.")
    credentials_in_progress = serializers.IntegerField(allow_null=True, help_text="Null for a past date.")
    learning_hours = serializers.DecimalField(max_digits=10, decimal_places=1, help_text="This school year.")
    per_staff = _per("Coaching cycles, observations and micro-credentials in progress, per staff member")
    hours_per_staff = _per("Learning hours per staff member", places=1)


class DistrictDashboardAccountabilityRowSerializer(serializers.Serializer):
    school = DistrictDashboardSchoolRefSerializer()
    staff = serializers.IntegerField()
    expectations = DistrictDashboardExpectationsSerializer(
        help_text="What the district expects of the school."
    )
    support = DistrictDashboardSupportSerializer(help_text="The support the school gets in return.")
    flagged = serializers.BooleanField(help_text="Demands outrun support (see `rule`).")
    reason = serializers.CharField(allow_blank=True, help_text="Why it is, or is not, flagged.")


class DistrictDashboardBenchmarkSerializer(serializers.Serializer):
    expectations_per_staff = _per("The district as a whole")
    support_per_staff = _per("The district as a whole")
    hours_per_staff = _per("The district as a whole", places=1)


class DistrictDashboardAccountabilitySerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="When a school is flagged, in plain words.")
    notes = serializers.ListField(child=serializers.CharField(), help_text="How unknown figures count.")
    benchmark = DistrictDashboardBenchmarkSerializer(help_text="The district as a whole, per staff member.")
    flagged_count = serializers.IntegerField()
    schools = DistrictDashboardAccountabilityRowSerializer(many=True, help_text="Flagged schools first.")


class DistrictDashboardPipelineRowSerializer(serializers.Serializer):
    school = DistrictDashboardSchoolRefSerializer(allow_null=True, help_text="Null for the central office.")
    label = serializers.CharField()
    enrolled_count = serializers.IntegerField()
    completed_count = serializers.IntegerField()


class DistrictDashboardPipelineSerializer(serializers.Serializer):
    schools = DistrictDashboardPipelineRowSerializer(many=True)
    enrolled = serializers.IntegerField()
    completed = serializers.IntegerField()


class DistrictDashboardSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="The date the figures describe (today in the district).")
    framework = DistrictDashboardFrameworkSerializer(
        allow_null=True, help_text="The framework of the levels; null when none is adopted."
    )
    frameworks = DistrictDashboardFrameworkSerializer(many=True, help_text="Every adopted framework.")
    filters = DistrictDashboardFiltersSerializer(help_text="The filters and sort applied.")
    groups = DistrictDashboardGroupsSerializer(help_text="The framework's domains, competencies and themes.")
    schools = DistrictDashboardSchoolSerializer(
        many=True, help_text="One row per school, filtered and sorted."
    )
    district = DistrictDashboardFiguresSerializer(help_text="The whole district (never filtered).")
    trend = DistrictDashboardTrendPointSerializer(many=True, help_text="The district by month, oldest first.")
    accountability = DistrictDashboardAccountabilitySerializer(help_text="For the schools shown.")
    pipeline_summary = DistrictDashboardPipelineSerializer(help_text="The leader pipeline, in counts.")
    roadmap = RoadmapOverviewOutput()
