"""A school's goals and their check-ins, progress and health, for the scale activity."""

import datetime
from decimal import Decimal

from coaching.checkins.services import OPEN_DAYS_BEFORE
from coaching.goals.health import COUNTED, RECENT_CHECK_INS, goal_health
from coaching.models import Cadence, CheckInStatus, GoalKind, GoalStatus, ReminderKind
from demo.scale.draws import day_between, due_dates, weighted

LAST_YEAR_GOAL = 0.9
CURRENT_GOAL = 0.8
CADENCES = [(Cadence.WEEKLY, 0.25), (Cadence.BIWEEKLY, 0.55), (Cadence.MONTHLY, 0.2)]
PERSONAL_GOALS = [
    (
        "Use exit tickets in every lesson to check for understanding",
        "Share of lessons with an exit ticket",
        20,
        90,
    ),
    (
        "Confer with every student about their learning goals each month",
        "Share of students conferred with",
        30,
        100,
    ),
    ("Give students a choice of path in each unit", "Units with at least two paths", 1, 6),
    ("Return feedback on student work within two days", "Share of work returned within two days", 40, 90),
    ("Raise the share of students who reach mastery on first assessment", "Percent at mastery", 45, 70),
    (
        "Have students track their own progress on competencies",
        "Share of students with a current tracker",
        10,
        85,
    ),
    ("Plan small-group instruction from formative data each week", "Weeks with data-planned groups", 2, 16),
    ("Reduce the time students wait for help during independent work", "Average minutes waiting", 12, 4),
]
LEADER_GOALS = [
    (
        "Visit every classroom every two weeks with feedback the same day",
        "Share of classrooms visited",
        35,
        100,
    ),
    ("Build a team of teacher leaders who facilitate inquiry cycles", "Teacher leaders facilitating", 1, 6),
    ("Give every new teacher a coaching cycle by winter break", "New teachers coached", 0, 8),
]
SCHOOL_GOALS = [
    ("Raise the share of staff with a submitted self-assessment", "Percent of staff who submitted", 45, 95),
    ("Every student has a personal learning plan reviewed each quarter", "Percent of plans reviewed", 20, 90),
    ("Increase students at mastery in mathematics competencies", "Percent at mastery in math", 38, 55),
    ("Grade teams run a data inquiry cycle each term", "Teams with a completed cycle", 1, 8),
    ("Cut chronic absence", "Percent chronically absent", 18, 10),
]
MILESTONES = ["Every grade team has met on it", "Midyear review with staff", "Share results with families"]
CHECK_IN_NOTES = [
    "Steady week.",
    "Tried the new routine twice.",
    "Good progress with my second block.",
    "",
    "",
]
BLOCKERS = ["Testing week took most of the time.", "Two days of substitute coverage.", "Schedule changes."]


class GoalActivity:
    """Last year's and this year's goals with their check-ins, progress and health
    (part of SchoolActivity, whose people and random stream it uses)."""

    def goals(self):
        """Last school year's goals (closed: met, missed or withdrawn) and this year's
        (mostly active), personal ones for everybody and two school goals for the principal."""
        d, rng = self.d, self.rng

        def days(start, first, last):
            return start + datetime.timedelta(days=first), start + datetime.timedelta(days=last)

        last_start, last_due = days(d.last_year, 30, 75), days(d.last_year, 290, 310)
        this_start, this_due = days(d.this_year, 20, 75), days(d.this_year, 290, 310)
        for person in self.coaches + self.teachers + self.leaders:
            templates = LEADER_GOALS if person in self.leaders else PERSONAL_GOALS
            chance = 0.7 if person in self.leaders else 1
            if rng.random() < LAST_YEAR_GOAL * chance:
                self._goal(
                    person, GoalKind.PERSONAL, rng.choice(templates), last_start, last_due, current=False
                )
            if rng.random() < CURRENT_GOAL * chance:
                self._goal(
                    person, GoalKind.PERSONAL, rng.choice(templates), this_start, this_due, current=True
                )
        for template in rng.sample(SCHOOL_GOALS, 2):
            self._goal(self.principal, GoalKind.SCHOOL, template, last_start, last_due, current=False)
        for template in rng.sample(SCHOOL_GOALS, 2):
            self._goal(self.principal, GoalKind.SCHOOL, template, this_start, this_due, current=True)

    def _goal(self, owner, kind, template, start_range, due_range, *, current: bool):
        d, rng = self.d, self.rng
        statement, measure, baseline, target = template
        starts_on = day_between(rng, *start_range)
        if starts_on >= d.today:
            starts_on = d.today - datetime.timedelta(days=rng.randint(1, 7))
        due_on = day_between(rng, *due_range)
        cadence = Cadence.MONTHLY if kind == GoalKind.SCHOOL else weighted(rng, CADENCES)
        created = d.at(starts_on - datetime.timedelta(days=rng.randint(0, 10)), rng)
        school = self.school.pk if kind == GoalKind.SCHOOL else None
        competency = rng.choice(
            d.educators.competencies if owner not in self.leaders else d.leaders.competencies
        )
        if current and rng.random() < 0.08:  # still a draft
            pk = self.t.goals.add(
                kind,
                owner,
                school,
                statement,
                measure,
                baseline,
                target,
                None,
                starts_on,
                due_on,
                cadence,
                GoalStatus.DRAFT,
                "",
                "",
                None,
                None,
                created,
                created,
            )
            self.t.goal_competencies.add(pk, competency)
            return
        activated_on = min(starts_on + datetime.timedelta(days=rng.randint(0, 7)), d.today)
        # How far along the line the person gets by the due date (1 is the target).
        reach = min(max(rng.gauss(0.55 + self.diligence[owner] * 0.5, 0.25), 0.05), 1.3)
        closed_day, status = None, GoalStatus.ACTIVE
        if not current:
            if rng.random() < 0.08:
                status = GoalStatus.WITHDRAWN
                closed_day = day_between(rng, activated_on + datetime.timedelta(days=20), due_on)
            else:
                status = GoalStatus.MET if reach >= 0.97 else GoalStatus.MISSED
                closed_day = min(
                    due_on + datetime.timedelta(days=rng.randint(0, 14)), d.today - datetime.timedelta(days=1)
                )
        pk_goal = self.t.goals.add(
            kind,
            owner,
            school,
            statement,
            measure,
            baseline,
            target,
            None,
            starts_on,
            due_on,
            cadence,
            status,
            "",
            "",
            activated_on,
            None,
            created,
            created,
        )
        row_index = len(self.t.goals.rows) - 1
        self.t.goal_competencies.add(pk_goal, competency)
        if kind == GoalKind.SCHOOL:
            for n, title in enumerate(MILESTONES[: rng.randint(2, 3)], start=1):
                due = starts_on + (due_on - starts_on) * n // 4
                done = due + datetime.timedelta(days=rng.randint(-5, 10)) if rng.random() < 0.75 else None
                self.t.milestones.add(pk_goal, title, due, done if done and done < d.today else None)
        if current and status == GoalStatus.ACTIVE:
            self.active_goal[owner] = (pk_goal, starts_on, due_on)
        last = min(closed_day, due_on) if closed_day else due_on  # nothing falls due after the due date
        span = max((due_on - starts_on).days, 1)

        def value_on(day):
            share = reach * min(max((day - starts_on).days / span, 0), 1) + rng.gauss(0, 0.04)
            return (Decimal(baseline) + Decimal(target - baseline) * Decimal(f"{share:.4f}")).quantize(
                Decimal("0.01")
            )

        check_ins = self._check_ins(
            owner,
            goal=pk_goal,
            anchor=activated_on,
            cadence=cadence,
            last=last,
            live=status == GoalStatus.ACTIVE,
            reach=reach,
            escalate_to=self.supervisor_of.get(owner),
        )
        latest = None  # the goal's current value is its latest progress by date
        for check_in, state, completed_at, _rating, _due in check_ins:
            if state == CheckInStatus.COMPLETED and rng.random() < 0.6:
                day = d.local_date(completed_at)
                value = value_on(day)
                self.t.progress.add(pk_goal, day, value, "", owner, check_in, completed_at)
                if latest is None or day >= latest[0]:
                    latest = (day, value)
        current_value = latest[1] if latest else None
        # Health as goal_health_refresh would store it: today for an active goal, on the
        # day it closed for a closed one.
        on = d.today if closed_day is None else closed_day
        counted = [
            (due, s, r) for due, s, r in ((c[4], c[1], c[3]) for c in check_ins) if s in COUNTED and due <= on
        ]
        recent = sorted(counted, key=lambda c: c[0], reverse=True)[:RECENT_CHECK_INS]
        health = goal_health(
            baseline=Decimal(baseline),
            target=Decimal(target),
            starts_on=starts_on,
            due_on=due_on,
            value=current_value,
            today=on,
            recent_ratings=[r for _, s, r in recent if s == CheckInStatus.COMPLETED and r is not None],
            overdue_check_ins=sum(1 for _, s, _ in recent if s == CheckInStatus.OVERDUE),
        )
        closed_at = d.at(closed_day, rng) if closed_day else None
        row = list(self.t.goals.rows[row_index])
        row[8], row[13], row[16] = current_value, health, closed_at  # current value, health, closed at
        row[18] = closed_at or (d.at(latest[0], rng) if latest else created)  # updated at
        self.t.goals.rows[row_index] = tuple(row)

    def _check_ins(self, owner, *, goal=None, cycle=None, anchor, cadence, last, live, reach, escalate_to):
        """The check-ins of one goal or cycle up to `last`, answered on time, late or never
        as the owner tends to; returns (id, status, completed at, rating, due on)."""
        d, rng, out = self.d, self.rng, []
        diligence = self.diligence[owner]
        late_share = 0.15
        opened_until = min(last, d.today + datetime.timedelta(days=OPEN_DAYS_BEFORE))
        for due in due_dates(anchor, cadence, opened_until):
            opened = d.at(due - datetime.timedelta(days=OPEN_DAYS_BEFORE), rng, 6, 7)
            state, completed, rating, note, blockers, escalated = CheckInStatus.OPEN, None, None, "", "", None
            if due < d.today:
                luck = rng.random()
                late_by = 1 + int(rng.expovariate(1 / 3))
                if luck < diligence:
                    completed = d.at(
                        due - datetime.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2))), rng, 7, 18
                    )
                elif luck < diligence + late_share and due + datetime.timedelta(days=late_by) < d.today:
                    completed = d.at(due + datetime.timedelta(days=late_by), rng)
                if completed is not None:
                    state = CheckInStatus.COMPLETED
                    rating = min(max(round(3 + (reach - 0.8) * 3 + rng.gauss(0, 0.8)), 1), 5)
                    note = rng.choice(CHECK_IN_NOTES)
                    blockers = rng.choice(BLOCKERS) if rng.random() < 0.25 else ""
                else:
                    state = CheckInStatus.OVERDUE
            pk = self.t.check_ins.add(
                goal, cycle, owner, due, state, opened, completed, rating, note, blockers, None
            )
            if state == CheckInStatus.OVERDUE and live:
                # The dispatcher's reminders, and its escalation once the district's days pass.
                self.t.reminders.add(
                    pk, ReminderKind.OVERDUE, owner, d.at(due + datetime.timedelta(days=1), rng, 6, 8)
                )
                escalate_on = due + datetime.timedelta(days=d.escalation_days)
                if escalate_to and escalate_on <= d.today:
                    escalated = d.at(escalate_on, rng, 6, 8)
                    self.t.reminders.add(pk, ReminderKind.ESCALATED, escalate_to, escalated)
                    row = self.t.check_ins.rows[-1]
                    self.t.check_ins.rows[-1] = (*row[:-1], escalated)
            out.append((pk, state, completed, rating, due))
        return out
