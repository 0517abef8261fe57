"""What the scale activity needs to know about the district, loaded once."""

import datetime
import random

from django.utils import timezone

from accounts.models import User
from assessments.models import AssessmentWindow, Framework, Item, ItemKind
from core.roles import Role
from core.time import district_timezone, district_today, school_year_start
from pathways.models import Answer, CatalogStatus, MicroCredential, Pathway, Reviewer
from pathways.programs.progress import steps_by_pathway
from schools.models import DistrictPolicy, Membership

# The earlier windows: (days before today it opened, days open), as demo/dashboards.py has them.
EARLIER_WINDOWS = ((320, 28), (165, 24))


class FrameworkFacts:
    """What generating ratings needs to know about one framework, loaded once."""

    def __init__(self, framework, rng: random.Random):
        self.framework = framework
        self.levels = list(framework.levels.order_by("position").values_list("pk", flat=True))
        self.indicators = list(
            Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)
            .order_by("depth", "sequence", "id")
            .values_list("pk", "parent_id")
        )
        self.competencies = sorted({parent for _, parent in self.indicators if parent})
        # Some indicators are harder than others, the same ones for everybody.
        self.difficulty = {pk: rng.gauss(0, 0.35) for pk, _ in self.indicators}

    def level_index(self, ability: float, indicator: int, rng: random.Random) -> int:
        raw = ability - self.difficulty[indicator] + rng.gauss(0, 0.55)
        return min(max(round(raw), 0), len(self.levels) - 1)


class DistrictFacts:
    """District-wide facts and the few district-wide rows (windows, the reviewer pool)."""

    def __init__(self, spec):
        rng = random.Random(f"lodestar-scale-{spec.slug}")
        self.today = district_today()
        self.now = timezone.now()
        self.tz = district_timezone()
        self.this_year = school_year_start(self.today)
        self.last_year = self.this_year.replace(year=self.this_year.year - 1)
        educators = Framework.objects.filter(audience="educators", adoption_status="adopted").first()
        leaders = (
            Framework.objects.filter(title__startswith="Building 21", adoption_status="adopted").first()
            or Framework.objects.filter(audience="leaders", adoption_status="adopted").first()
        )
        self.ready = bool(educators and leaders)
        if not self.ready:
            return
        self.educators = FrameworkFacts(educators, rng)
        self.leaders = FrameworkFacts(leaders, rng)
        self.central = User.objects.filter(email=f"central@{spec.email_domain}").first()
        policy = DistrictPolicy.current()
        self.escalation_days = policy.check_in_escalation_days
        self.max_attempts = policy.credential_max_attempts
        self.second_review_percent = policy.second_review_percent
        self.windows = self._windows()
        self.reviewers = self._reviewer_pool()
        self.micro_credentials = self._catalog()
        self.pathways = self._pathways()
        # The demo teacher's uploaded evidence, reused for file requirements (a real file).
        sample = Answer.objects.exclude(file="").first()
        self.sample_file = (
            (sample.file.name, sample.original_name, sample.content_type, sample.size) if sample else None
        )

    def _windows(self) -> dict[str, tuple[datetime.date, datetime.date]]:
        """Two earlier windows (closed), each for educators and for leaders, and the window
        open now (the one the base demo opened, or a new one). The earlier ones are those
        demo/dashboards.py writes for the spec's schools, found by title if it already did."""
        from assessments.windows.services import window_open

        windows = {}
        for key, (starts, length) in zip(("first", "second"), EARLIER_WINDOWS, strict=True):
            opens_on = self.today - datetime.timedelta(days=starts)
            closes_on = opens_on + datetime.timedelta(days=length)
            for facts, roles, who in (
                (self.educators, [Role.COACH, Role.TEACHER], "educator"),
                (self.leaders, [Role.SCHOOL_LEADER], "leader"),
            ):
                title = f"{opens_on:%B %Y} {who} self-assessment"
                if not AssessmentWindow.objects.filter(framework=facts.framework, title=title).exists():
                    window_open(
                        actor=self.central,
                        framework=facts.framework,
                        title=title,
                        roles=roles,
                        opens_on=opens_on,
                        closes_on=closes_on,
                        reminder_days=[7, 1],
                    )
            windows[key] = (opens_on, closes_on)
        educators = self.educators.framework
        current = (
            AssessmentWindow.objects.filter(
                framework=educators, opens_on__lte=self.today, closes_on__gte=self.today
            )
            .order_by("opens_on", "id")
            .first()
        )
        if current is None:
            current = window_open(
                actor=self.central,
                framework=educators,
                title="Fall educator self-assessment",
                roles=[Role.TEACHER, Role.COACH],
                opens_on=self.today - datetime.timedelta(days=10),
                closes_on=self.today + datetime.timedelta(days=20),
                reminder_days=[7, 1],
            )
        windows["current"] = (current.opens_on, self.today)  # submissions so far
        return windows

    def _reviewer_pool(self) -> list[int]:
        """The central office reviews micro-credentials (besides whoever already does)."""
        central = (
            Membership.objects.current().filter(role=Role.CENTRAL_OFFICE).values_list("user_id", flat=True)
        )
        Reviewer.objects.bulk_create(
            [Reviewer(person_id=pk) for pk in sorted(set(central))], ignore_conflicts=True
        )
        return sorted(Reviewer.objects.filter(is_active=True).values_list("person_id", flat=True))

    def _catalog(self) -> list[dict]:
        catalog = []
        for mc in (
            MicroCredential.objects.filter(status=CatalogStatus.PUBLISHED)
            .prefetch_related("requirements")
            .order_by("id")
        ):
            requirements = sorted(mc.requirements.all(), key=lambda r: r.position)
            catalog.append(
                {
                    "pk": mc.pk,
                    "lineage": mc.lineage,
                    "roles": set(mc.roles),
                    "requirements": [(r.pk, r.position, r.kind) for r in requirements],
                }
            )
        return catalog

    def _pathways(self) -> dict[str, dict]:
        pathways = {
            p.title: {"pk": p.pk, "roles": set(p.roles)}
            for p in Pathway.objects.filter(status=CatalogStatus.PUBLISHED)
        }
        steps = steps_by_pathway(p["pk"] for p in pathways.values())
        for pathway in pathways.values():
            pathway["steps"] = steps.get(pathway["pk"], [])
        return pathways

    def at(self, day: datetime.date, rng: random.Random, start: int = 7, end: int = 21) -> datetime.datetime:
        """A moment on `day` in the district, between two hours, never in the future."""
        moment = datetime.datetime.combine(
            day, datetime.time(rng.randint(start, end - 1), rng.randint(0, 59)), tzinfo=self.tz
        )
        return min(moment, self.now - datetime.timedelta(minutes=1))

    def local_date(self, moment: datetime.datetime) -> datetime.date:
        return moment.astimezone(self.tz).date()
