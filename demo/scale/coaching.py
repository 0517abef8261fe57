"""A school's coaching cycles, observations, feedback and walkthroughs, for the scale activity."""

import datetime

from coaching.models import Cadence, CycleStatus, ObservationKind
from demo.scale.draws import day_between, weighted
from demo.scale.facts import FrameworkFacts

CYCLE_SLOTS_PER_COACH = 3  # coachees a coach works with at once
CYCLE_TITLES = [
    "Checking for understanding",
    "Student discourse",
    "Flexible grouping from exit tickets",
    "Learning targets students can explain",
    "Student-led conferences",
    "Pacing with learning playlists",
    "Feedback that moves learning",
    "Routines for independent work",
    "Questioning that goes deeper",
    "Co-planning competency-based units",
]
LEADER_CYCLE_TITLES = [
    "Building teacher leadership",
    "Leading a data inquiry cycle",
    "Coaching for instruction",
]
SUMMARIES = [
    "Clear growth on the focus: the routine is now part of every lesson.",
    "Good progress; we agreed to revisit grouping in the spring.",
    "The strategy took hold in one class; next cycle we extend it to the others.",
]
OBSERVATION_NOTES = [
    "Strong launch; most students could restate the learning target.",
    "Pairs explained their strategies; two groups finished early and waited.",
    "Exit ticket used; the results sorted students into three groups for tomorrow.",
    "Lesson ran long and the closing check was skipped.",
]
WALKTHROUGH_NOTES = [
    "Ten-minute walkthrough: learning targets posted and referred to.",
    "Students working at different points in the playlist; teacher conferring with a small group.",
    "Quiet independent work; few students could say what they were learning.",
]
EVIDENCE_NOTES = ["Cold-called four students.", "Students used the success criteria.", "", ""]
STRENGTHS = [
    "Your launch drew every student in, and pairs talked about their strategies.",
    "Students could tell me what they were learning and why.",
    "Your small groups were clearly planned from yesterday's data.",
]
NEXT_STEPS = [
    "Set a timer for the last five minutes so the closing check always happens.",
    "Give the early finishers an extension ready on the board.",
    "Ask students to rate themselves on the target before they leave.",
]


class CoachingActivity:
    """Coaching cycles with observations and feedback, and the leaders' walkthroughs
    (part of SchoolActivity, whose people and random stream it uses)."""

    def coaching(self):
        d, rng = self.d, self.rng
        summer = lambda day: (day.month, day.day) >= (6, 10) and (day.month, day.day) < (8, 20)  # noqa: E731
        for coach in self.coaches:
            for _slot in range(CYCLE_SLOTS_PER_COACH):
                day = d.last_year + datetime.timedelta(days=30 + rng.randint(0, 20))
                while day <= d.today + datetime.timedelta(days=10):
                    if summer(day):
                        day = day.replace(month=8, day=20)
                        continue
                    weeks = rng.randint(5, 9)
                    coachee = rng.choice(self.teachers)
                    ends_on = min(day + datetime.timedelta(weeks=weeks), day.replace(month=6, day=12))
                    if ends_on < day:  # the cycle runs into next year, not into the summer
                        ends_on = day + datetime.timedelta(weeks=weeks)
                    self._cycle(coach, coachee, day, ends_on, d.educators, CYCLE_TITLES)
                    day += datetime.timedelta(weeks=weeks + rng.randint(1, 3))
        supervisor = self.supervisor_of.get(self.principal)
        if supervisor:
            for offset in (70, 200, 365 + 70):
                start = d.last_year + datetime.timedelta(days=offset + rng.randint(0, 14))
                if start <= d.today:
                    self._cycle(
                        supervisor,
                        self.principal,
                        start,
                        start + datetime.timedelta(weeks=8),
                        d.leaders,
                        LEADER_CYCLE_TITLES,
                    )
        for leader in self.leaders:
            self._walkthroughs(leader)

    def _cycle(self, coach, coachee, starts_on, ends_on, facts: FrameworkFacts, titles):
        d, rng = self.d, self.rng
        cadence = Cadence.WEEKLY if rng.random() < 0.4 else Cadence.BIWEEKLY
        created = d.at(min(starts_on, d.today) - datetime.timedelta(days=rng.randint(0, 7)), rng)
        closed_day = ends_on + datetime.timedelta(days=rng.randint(0, 4))
        if closed_day < d.today:
            status, closed_at = CycleStatus.CLOSED, d.at(closed_day, rng)
        else:
            closed_at = None
            progress = (d.today - starts_on).days / max((ends_on - starts_on).days, 1)
            status = (
                CycleStatus.PLANNING
                if progress < 0.15
                else CycleStatus.OBSERVING
                if progress < 0.5
                else CycleStatus.FEEDBACK
                if progress < 0.75
                else CycleStatus.REFLECTING
            )
        summary = rng.choice(SUMMARIES) if closed_at else ""
        pk = self.t.cycles.add(
            coach,
            coachee,
            self.school.pk,
            rng.choice(titles),
            cadence,
            starts_on,
            ends_on,
            status,
            summary,
            bool(closed_at) and rng.random() < 0.3,
            closed_at,
            created,
            closed_at or created,
        )
        focus = rng.sample([pk_ for pk_, _ in facts.indicators], rng.randint(1, 2))
        for indicator in focus:
            self.t.cycle_focus.add(pk, indicator)
        goal = self.active_goal.get(coachee)
        if goal and goal[1] <= ends_on and rng.random() < 0.4:
            self.t.cycle_goals.add(pk, goal[0])
        if status != CycleStatus.PLANNING:
            self.t.cycle_notes.add(
                pk,
                rng.choice((coach, coachee)),
                rng.choice(NEXT_STEPS),
                False,
                d.at(min(starts_on + datetime.timedelta(days=3), d.today), rng),
            )
        self._check_ins(
            coachee,
            cycle=pk,
            anchor=starts_on,
            cadence=cadence,
            last=min(ends_on, closed_day) if closed_at else ends_on,
            live=not closed_at,
            reach=0.9,
            escalate_to=coach,
        )
        visits = {
            CycleStatus.PLANNING: 0,
            CycleStatus.OBSERVING: 1,
            CycleStatus.FEEDBACK: rng.randint(1, 2),
            CycleStatus.REFLECTING: rng.randint(1, 2),
            CycleStatus.CLOSED: rng.randint(1, 3),
        }[status]
        last_day = min(ends_on, d.today - datetime.timedelta(days=1))
        days = sorted(
            day_between(rng, starts_on + datetime.timedelta(days=5), last_day) for _ in range(visits)
        )
        for n, day in enumerate(days):
            if day < starts_on:
                continue
            kind = weighted(
                rng,
                [
                    (ObservationKind.OBSERVATION, 0.7),
                    (ObservationKind.CO_TEACHING, 0.15),
                    (ObservationKind.MODEL_LESSON, 0.15),
                ],
            )
            observation = self._observation(coach, coachee, day, kind, facts, cycle=pk, focus=focus)
            waiting = status == CycleStatus.OBSERVING and n == len(days) - 1
            if not waiting:
                self._feedback(coach, coachee, day, focus, cycle=pk, observation=observation)

    def _observation(self, observer, observed, day, kind, facts, *, cycle=None, focus=()):
        d, rng = self.d, self.rng
        moment = d.at(day, rng, 8, 16)
        notes = rng.choice(WALKTHROUGH_NOTES if kind == ObservationKind.WALKTHROUGH else OBSERVATION_NOTES)
        pk = self.t.observations.add(
            cycle,
            day,
            self.school.pk,
            observer,
            observed,
            kind,
            notes,
            bool(cycle) and rng.random() < 0.1,
            moment,
            moment,
        )
        indicators = list(focus) + rng.sample([i for i, _ in facts.indicators], 2)
        for indicator in indicators[: rng.randint(1, 4)]:
            level = None
            if rng.random() < 0.7:
                level = facts.levels[facts.level_index(self.ability.get(observed, 1.3), indicator, rng)]
            self.t.evidence.add(pk, indicator, level, rng.choice(EVIDENCE_NOTES))
        return pk

    def _feedback(self, author, recipient, day, indicators, *, cycle=None, observation=None):
        d, rng = self.d, self.rng
        given_on = day + datetime.timedelta(days=rng.randint(0, 3))
        if given_on >= d.today:
            return
        created = d.at(given_on, rng, 12, 20)
        acknowledged, reflection = None, ""
        if given_on <= d.today - datetime.timedelta(days=3) and rng.random() < 0.85:
            acknowledged = d.at(
                min(
                    given_on + datetime.timedelta(days=rng.randint(0, 4)),
                    d.today - datetime.timedelta(days=1),
                ),
                rng,
            )
            acknowledged = max(acknowledged, created + datetime.timedelta(minutes=5))
            reflection = "I will try this next week." if rng.random() < 0.4 else ""
        pk = self.t.feedback.add(
            cycle,
            observation,
            author,
            recipient,
            rng.choice(STRENGTHS),
            rng.choice(NEXT_STEPS),
            acknowledged,
            reflection,
            False,
            created,
        )
        for indicator in list(indicators)[:2]:
            self.t.feedback_indicators.add(pk, indicator)

    def _walkthroughs(self, leader):
        d, rng = self.d, self.rng
        day = d.last_year + datetime.timedelta(days=25 + rng.randint(0, 14))
        while day < d.today:
            if not ((day.month, day.day) >= (6, 10) and (day.month, day.day) < (8, 25)):
                observed = rng.choice(self.teachers)
                observation = self._observation(
                    leader, observed, day, ObservationKind.WALKTHROUGH, d.educators
                )
                if rng.random() < 0.5:
                    focus = rng.sample([i for i, _ in d.educators.indicators], 1)
                    self._feedback(leader, observed, day, focus, observation=observation)
            day += datetime.timedelta(days=rng.randint(10, 24))
