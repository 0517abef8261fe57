"""A school's self-assessment rounds, for the scale activity."""

import datetime
from collections import defaultdict

from assessments.models import SelfAssessmentStatus
from demo.scale.draws import day_between
from demo.scale.facts import FrameworkFacts

WINDOW_SUBMITTED = {"first": 0.82, "second": 0.74, "current": 0.45}  # educators
LEADERS_SUBMITTED = {"first": 0.6, "second": 0.85, "current": 0.5}
CURRENT_DRAFT = 0.12  # started but not submitted in the open window
BETWEEN_WINDOWS = 0.2  # an extra round outside any window (e.g. after a coaching cycle)
NOT_APPLICABLE = 0.015
NA_REASONS = ["Not part of my current assignment", "I do not teach this grade this year"]
REFLECTIONS = [
    "My students are taking more ownership of their goals this term.",
    "I want to get better at adjusting pace for the students who are ready to move on.",
    "Feedback from my coach helped me see where my checks for understanding fall short.",
    "",
    "",
]


class SelfAssessmentActivity:
    """Self-assessment rounds in the windows and between them, and drafts in the open window
    (part of SchoolActivity, whose people and random stream it uses)."""

    def self_assessments(self):
        d, rng = self.d, self.rng
        for person in self.coaches + self.teachers:
            rounds = []
            for key in ("first", "second"):
                if rng.random() < WINDOW_SUBMITTED[key]:
                    rounds.append(day_between(rng, *d.windows[key]))
            if rng.random() < BETWEEN_WINDOWS:
                rounds.append(
                    day_between(
                        rng, d.last_year + datetime.timedelta(days=60), d.today - datetime.timedelta(days=14)
                    )
                )
            draft = None
            luck = rng.random()
            if luck < WINDOW_SUBMITTED["current"]:
                rounds.append(day_between(rng, *d.windows["current"]))
            elif luck < WINDOW_SUBMITTED["current"] + CURRENT_DRAFT:
                draft = day_between(rng, *d.windows["current"])
            self._rounds(person, d.educators, sorted(rounds), draft)
        for person in self.leaders:
            rounds = []
            for key in ("first", "second"):
                if rng.random() < LEADERS_SUBMITTED[key]:
                    rounds.append(day_between(rng, *d.windows[key]))
            if rng.random() < LEADERS_SUBMITTED["current"]:  # no window open for leaders: lately
                rounds.append(
                    day_between(
                        rng, d.today - datetime.timedelta(days=60), d.today - datetime.timedelta(days=1)
                    )
                )
            self._rounds(person, d.leaders, rounds, None)

    def _rounds(self, person, facts: FrameworkFacts, days, draft_day):
        rng, growth = self.rng, 0.0
        for day in days:
            growth += rng.uniform(0.05, 0.25)
            submitted = self.d.at(day, rng, 14, 22)
            started = submitted - datetime.timedelta(days=rng.randint(0, 4), minutes=rng.randint(10, 300))
            pk = self.t.self_assessments.add(
                person,
                facts.framework.pk,
                SelfAssessmentStatus.SUBMITTED,
                rng.choice(REFLECTIONS),
                started,
                submitted,
                submitted,
            )
            levels = self._ratings(pk, facts, self.ability[person] + growth, submitted, len(facts.indicators))
            if rng.random() < 0.6:  # chose a focus: the competencies they rated lowest
                by_competency = defaultdict(list)
                for (_, competency), level in zip(facts.indicators, levels, strict=True):
                    if level is not None:
                        by_competency[competency].append(level)
                lowest = sorted(
                    by_competency, key=lambda c: (sum(by_competency[c]) / len(by_competency[c]), c)
                )
                for competency in lowest[: rng.randint(1, 3)]:
                    self.t.focus.add(pk, competency)
        if draft_day is not None:
            started = self.d.at(draft_day, rng)
            pk = self.t.self_assessments.add(
                person, facts.framework.pk, SelfAssessmentStatus.DRAFT, "", started, started, None
            )
            how_many = rng.randint(len(facts.indicators) // 4, len(facts.indicators) - 1)
            self._ratings(pk, facts, self.ability[person] + growth + 0.1, started, how_many)

    def _ratings(self, pk, facts: FrameworkFacts, ability, when, how_many) -> list:
        rng, add, levels = self.rng, self.t.ratings.add, []
        for indicator, _ in facts.indicators[:how_many]:
            if rng.random() < NOT_APPLICABLE:
                add(pk, indicator, None, True, rng.choice(NA_REASONS), "", "", when)
                levels.append(None)
            else:
                index = facts.level_index(ability, indicator, rng)
                add(pk, indicator, facts.levels[index], False, "", "", "", when)
                levels.append(index)
        return levels
