"""The demo districts' dashboards: figures at most schools, one school that shows what
suppression looks like, a year of trend, real past dates, and a second run that adds nothing."""

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from assessments.models import Framework, SelfAssessment
from coaching.models import CheckIn, CheckInReminder, CheckInStatus, CoachingCycle, Goal, Observation
from core.time import district_today, start_of_day
from dashboards.figures.levels import level_means
from dashboards.figures.schools import school_figures
from dashboards.models import Snapshot
from dashboards.snapshots import trend
from demo.dashboards import seed_dashboard_activity
from demo.districts import LAKEVIEW, RIVERSIDE
from demo.seed import seed_district
from pathways.models import Credential, Enrollment, Submission
from schools.models import RoadmapMilestone, RoadmapPhase, Vision

pytestmark = pytest.mark.django_db

MODELS = (SelfAssessment, Goal, CheckIn, CheckInReminder, CoachingCycle, Observation, Credential, Enrollment,
          Submission, Snapshot, RoadmapPhase, RoadmapMilestone)  # fmt: skip


def seed(spec):
    """The demo district as `seed_demo` makes it (only this one, to keep the test short)."""
    connection.set_schema_to_public()
    seed_district(spec, log=lambda *args: None)


def counts() -> list[int]:
    return [model.objects.count() for model in MODELS]


@pytest.mark.parametrize("spec", [RIVERSIDE, LAKEVIEW], ids=lambda spec: spec.slug)
def test_the_demo_dashboards_show_figures_suppression_and_a_year_of_trend(spec, riverside, lakeview):
    seed(spec)
    district = riverside if spec is RIVERSIDE else lakeview
    with tenant_context(district):
        assert seed_dashboard_activity(spec) == {}, "seed_demo already wrote it: nothing to add"

        codes = {code for code, *_ in spec.schools}
        figures = school_figures()
        rows = [row for row in figures["schools"] if row["code"] in codes]
        assert len(rows) == len(spec.schools)
        people_figures = (
            "self_assessment_rate",
            "mean_level",
            "check_in_on_time_rate",
            "goals_on_track_rate",
        )
        shown = [row for row in rows if all(row[figure] is not None for figure in people_figures)]
        suppressed = [row for row in rows if row["mean_level"] is None]
        assert len(shown) >= len(rows) - 1, f"figures at every school but one: {rows}"
        assert len(suppressed) == 1, "one school (the last getting started) has too few raters to show"
        assert suppressed[0]["stage"] == "getting_started"
        assert len({row["mean_level"] for row in shown}) > 1, "schools differ"
        district_row = figures["district"]
        for figure in ("credentials_earned", "enrollments", "active_cycles", "recent_observations"):
            assert district_row[figure] > 0, figure
        assert district_row["learning_hours"] > 0
        assert 0 < district_row["check_in_on_time_rate"] < 1, "on time, late and missed check-ins"
        assert 0 < district_row["goals_on_track_rate"] < 1, "goals in every state of health"
        assert sum(1 for row in rows if row["active_cycles"]) >= 2, "cycles at several schools"

        educators = Framework.objects.get(audience="educators", adoption_status="adopted")
        cells = level_means(framework=educators)["cells"]
        by_school = {}
        for (school_id, _), cell in cells.items():
            if school_id is not None:
                by_school.setdefault(school_id, []).append(cell["suppressed"])
        assert sum(not any(flags) for flags in by_school.values()) >= len(spec.schools) - 1, (
            "the heatmap has values"
        )
        assert any(all(flags) for flags in by_school.values()), "and a suppressed row"

        today = district_today()
        district_trend = trend(until=today)
        assert len(district_trend) >= 10, "a year of monthly points"
        assert len({point["mean_level"] for point in district_trend}) > 3, "levels change over the year"
        assert all(len(trend(school_id=row["id"], until=today)) >= 10 for row in rows)

        now = timezone.now()
        submitted = SelfAssessment.objects.filter(status="submitted")
        assert not submitted.filter(submitted_at__gt=now).exists()
        assert submitted.filter(submitted_at__lt=now - timezone.timedelta(days=250)).count() > 10, (
            "past rounds"
        )
        assert not CheckIn.objects.filter(completed_at__gt=now).exists()
        assert CheckIn.objects.filter(status=CheckInStatus.COMPLETED, completed_at__lt=now - timezone.timedelta(
            days=90)).exists()  # fmt: skip
        assert (
            not CheckIn.objects.filter(status=CheckInStatus.OVERDUE)
            .exclude(reminders__kind="overdue")
            .exists()
        ), "every missed check-in was already reminded: the check-in job sends nothing for the past"
        assert Credential.objects.filter(issued_at__lt=now - timezone.timedelta(days=7)).exists()

        vision = Vision.current()
        assert vision.statement.startswith(f"In {spec.name.split()[0]},")
        phases = list(RoadmapPhase.objects.order_by("starts_on"))
        assert [p.stage for p in phases] == ["getting_started", "moving_forward", "sustaining"]
        assert all(
            2 <= phase.milestones.count() <= 3 and phase.starts_on and phase.ends_on for phase in phases
        )
        assert RoadmapMilestone.objects.filter(done_on__isnull=False).exists()

        before = counts()
        assert seed_dashboard_activity(spec) == {}
        assert counts() == before
    seed(spec)
    with tenant_context(district):
        assert counts() == before, "running the whole demo again adds nothing"


class UndoError(Exception):
    pass


def test_the_demo_history_is_the_same_every_time(riverside):
    """Seeded by the district: two runs from the same start write the same history."""

    def signature():
        """The history (before today: the other demo seeders stamp the moment they run)."""
        today = start_of_day(district_today())
        return (
            sorted(
                SelfAssessment.objects.filter(submitted_at__lt=today).values_list(
                    "person__email", "submitted_at"
                )
            ),
            sorted(
                CheckIn.objects.filter(due_on__lt=today).values_list("owner__email", "due_on", "completed_at")
            ),
            sorted(Credential.objects.filter(issued_at__lt=today).values_list("person__email", "issued_at")),
            sorted(Snapshot.objects.filter(school=None).values_list("taken_on", "figures")),
        )

    runs = []
    for _ in range(2):
        with pytest.raises(UndoError), transaction.atomic():
            seed(RIVERSIDE)
            with tenant_context(riverside):
                seed_dashboard_activity(RIVERSIDE)
                runs.append(signature())
            raise UndoError

    assert runs[0] == runs[1]
