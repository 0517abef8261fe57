"""A submitted self-assessment's results: where the person stands and how they have grown.

A selector: it reads a bounded set (one person's ratings on one framework) in a fixed
number of queries and assembles the profile in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from assessments.models import Item, ItemKind, Level, Rating, SelfAssessment, SelfAssessmentStatus

STRENGTHS = GROWTH_AREAS = 3


@dataclass
class Score:
    key: str
    label: str
    mean: Decimal | None = None
    level: str | None = None
    proficient: bool = False
    rated: int = 0
    not_applicable: int = 0
    distribution: dict = field(default_factory=dict)
    previous_mean: Decimal | None = None
    id: int | None = None

    @property
    def growth(self) -> Decimal | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return self.mean - self.previous_mean


def _round(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class _Scale:
    def __init__(self, levels: list[Level]):
        self.levels = levels
        proficient = [lv.value for lv in levels if lv.is_proficient]
        self.proficient_from = min(proficient) if proficient else None

    def reached(self, mean: Decimal) -> str | None:
        """The highest level whose value the mean has reached."""
        reached = [lv.name for lv in self.levels if lv.value <= mean]
        return reached[-1] if reached else None

    def score(self, key, label, ratings: list[Rating], previous: list[Rating] | None) -> Score:
        values = [r.level.value for r in ratings if r.level_id]
        score = Score(key=key, label=label, rated=len(values), not_applicable=len(ratings) - len(values))
        score.distribution = {lv.name: 0 for lv in self.levels}
        for rating in ratings:
            if rating.level_id:
                score.distribution[rating.level.name] += 1
        if values:
            score.mean = _round(sum(values) / len(values))
            score.level = self.reached(score.mean)
            score.proficient = self.proficient_from is not None and score.mean >= self.proficient_from
        before = [r.level.value for r in previous or [] if r.level_id]
        if before:
            score.previous_mean = _round(sum(before) / len(before))
        return score


def _ratings(self_assessment) -> list[Rating]:
    return list(Rating.objects.filter(self_assessment=self_assessment).select_related("level"))


def self_assessment_results(self_assessment: SelfAssessment) -> dict:
    framework = self_assessment.framework
    items = {
        i.pk: i
        for i in Item.objects.filter(framework=framework)
        .prefetch_related("themes")
        .order_by("depth", "sequence")
    }
    scale = _Scale(list(Level.objects.filter(framework=framework).order_by("position")))
    previous_round = (
        SelfAssessment.objects.filter(
            person_id=self_assessment.person_id,
            framework=framework,
            status=SelfAssessmentStatus.SUBMITTED,
            submitted_at__lt=self_assessment.submitted_at or self_assessment.updated_at,
        )
        .exclude(pk=self_assessment.pk)
        .order_by("-submitted_at")
        .first()
    )
    now = _ratings(self_assessment)
    before = _ratings(previous_round) if previous_round else []

    def competency_of(item):
        while item and item.kind != ItemKind.COMPETENCY:
            item = items.get(item.parent_id)
        return item

    def top_of(item):
        while item.parent_id:
            item = items[item.parent_id]
        return item

    groups = {"competency": defaultdict(list), "domain": defaultdict(list), "theme": defaultdict(list)}
    groups_before = {"competency": defaultdict(list), "domain": defaultdict(list), "theme": defaultdict(list)}
    labels = {}
    for target, ratings in ((groups, now), (groups_before, before)):
        for rating in ratings:
            indicator = items[rating.indicator_id]
            competency = competency_of(indicator)
            if competency:
                target["competency"][competency.pk].append(rating)
                labels[("competency", competency.pk)] = (competency.code, competency.label)
                root = top_of(competency)
                if root.kind == ItemKind.DOMAIN:
                    target["domain"][root.pk].append(rating)
                    labels[("domain", root.pk)] = (root.code, root.label)
            tagged = {t for t in indicator.themes.all()} | (
                set(competency.themes.all()) if competency else set()
            )
            for theme in tagged:
                target["theme"][theme.pk].append(rating)
                labels[("theme", theme.pk)] = (str(theme.pk), theme.title)

    def scores(kind):
        found = []
        for pk, ratings in groups[kind].items():
            score = scale.score(
                labels[(kind, pk)][0], labels[(kind, pk)][1], ratings, groups_before[kind].get(pk)
            )
            score.id = pk
            found.append(score)
        return found

    competencies = scores("competency")
    rated = [c for c in competencies if c.mean is not None]
    overall = scale.score("overall", framework.title, now, before)
    return {
        "framework": framework,
        "overall": overall,
        "domains": scores("domain"),
        "competencies": competencies,
        "themes": sorted(scores("theme"), key=lambda s: s.label),
        "strengths": sorted(rated, key=lambda c: (-c.mean, c.key))[:STRENGTHS],
        "growth_areas": sorted(rated, key=lambda c: (c.mean, c.key))[:GROWTH_AREAS],
        "previous": previous_round,
        "levels": scale.levels,
    }
