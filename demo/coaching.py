"""The demo's coaching: cycles at each stage, goals with progress, the coach's week ahead."""

import datetime

from accounts.models import User
from assessments.models import Framework, Item, ItemKind
from coaching.calendar import services as calendar
from coaching.checkins.services import check_in_dispatch
from coaching.cycles.services.feedback import feedback_give
from coaching.cycles.services.lifecycle import cycle_note_add, cycle_start, cycle_transition
from coaching.cycles.services.observations import observation_record
from coaching.goals import services as goals
from coaching.models import CoachingCycle, ObservationKind
from core.roles import Role
from core.time import district_timezone, district_today
from demo.districts import DemoDistrict


def seed_coaching_activity(spec: DemoDistrict) -> dict[str, int]:
    """Coaching cycles at each stage, an observation with evidence, feedback, goals with
    progress, and the check-ins that fall due: enough for every coaching page to show
    something. Written through the services; skipped once the demo coach has a cycle."""
    coach = User.objects.filter(email=f"coach@{spec.email_domain}").first()
    if coach is None or CoachingCycle.objects.filter(coach=coach).exists():
        return {}
    principal = User.objects.get(email=f"principal@{spec.email_domain}")
    central = User.objects.get(email=f"central@{spec.email_domain}")
    teacher = User.objects.get(email=f"teacher@{spec.email_domain}")
    school = principal.memberships.get(role=Role.SCHOOL_LEADER).school
    colleagues = list(
        User.objects.filter(
            memberships__school=school, memberships__role=Role.TEACHER, memberships__is_active=True
        )
        .exclude(pk=teacher.pk)
        .order_by("pk")[:2]
    )
    educators = Framework.objects.filter(audience="educators", adoption_status="adopted").first()
    leaders = Framework.objects.filter(title__startswith="Building 21", adoption_status="adopted").first()
    if not (educators and leaders):
        return {}

    def indicators(framework, n):
        return list(
            Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False).order_by(
                "depth", "sequence", "id"
            )[:n]
        )

    today = district_today()
    weeks_ago = lambda n: today - datetime.timedelta(weeks=n)  # noqa: E731 - reads as a phrase
    teacher_focus = indicators(educators, 2)
    levels = list(educators.levels.order_by("position"))

    goal = goals.goal_create(
        actor=teacher,
        kind="personal",
        statement="Use exit tickets in every math lesson to check for understanding",
        measure="Share of lessons that end with an exit ticket",
        baseline=20,
        target=90,
        starts_on=weeks_ago(6),
        due_on=today + datetime.timedelta(weeks=10),
        cadence="biweekly",
        competency_ids=[teacher_focus[0].parent_id],
    )
    goals.goal_activate(actor=teacher, goal=goal)
    for weeks, value in ((4, 30), (2, 38), (0, 41)):
        goals.goal_progress_add(actor=teacher, goal=goal, recorded_on=weeks_ago(weeks), value=value)

    cycle = cycle_start(
        actor=coach,
        coachee=teacher,
        title="Checking for understanding in math",
        starts_on=weeks_ago(3),
        ends_on=today + datetime.timedelta(weeks=5),
        cadence="weekly",
        focus_indicator_ids=[i.pk for i in teacher_focus],
        goal_ids=[goal.pk],
    )
    cycle_transition(actor=coach, cycle=cycle, to="observing")
    visit = observation_record(
        actor=coach,
        observed=teacher,
        observed_on=weeks_ago(1),
        kind=ObservationKind.OBSERVATION,
        cycle=cycle,
        notes="Fractions lesson, 24 students. Strong launch; the exit ticket was skipped when time ran out.",
        evidence=[
            {"indicator": teacher_focus[0].pk, "level": levels[1].pk, "note": "Cold-called four students."},
            {"indicator": teacher_focus[1].pk, "level": None, "note": "Pairs explained their strategy."},
        ],
    )
    cycle_transition(actor=coach, cycle=cycle, to="feedback")
    feedback_give(
        actor=coach,
        cycle=cycle,
        observation=visit,
        strengths="Your launch drew every student in, and pairs talked about their strategies.",
        next_steps="Set a timer for the last five minutes so the exit ticket always happens.",
        indicator_ids=[i.pk for i in teacher_focus],
    )
    cycle_note_add(actor=teacher, cycle=cycle, body="I will try the timer on Thursday.")

    planned = cycle_start(
        actor=coach,
        coachee=colleagues[0],
        title="Student discourse in science",
        starts_on=today,
        ends_on=today + datetime.timedelta(weeks=6),
        cadence="biweekly",
        focus_indicator_ids=[teacher_focus[1].pk],
    )
    leader_cycle = cycle_start(
        actor=central,
        coachee=principal,
        title="Building the capacity of teacher leaders",
        starts_on=weeks_ago(2),
        ends_on=today + datetime.timedelta(weeks=8),
        cadence="biweekly",
        focus_indicator_ids=[i.pk for i in indicators(leaders, 2)],
    )
    cycle_transition(actor=central, cycle=leader_cycle, to="observing")
    observation_record(
        actor=principal,
        observed=colleagues[1],
        observed_on=weeks_ago(1),
        kind=ObservationKind.WALKTHROUGH,
        notes="Ten-minute walkthrough: learning targets posted and referred to.",
    )

    school_goal = goals.goal_create(
        actor=principal,
        kind="school",
        school=school,
        statement="Raise the share of staff with a submitted self-assessment",
        measure="Percent of staff who submitted this window",
        baseline=40,
        target=95,
        starts_on=weeks_ago(4),
        due_on=today + datetime.timedelta(weeks=12),
        cadence="monthly",
        milestones=[
            {"title": "Every grade team has met on it", "due_on": today + datetime.timedelta(weeks=2)}
        ],
    )
    goals.goal_activate(actor=principal, goal=school_goal)
    goals.goal_progress_add(actor=principal, goal=school_goal, recorded_on=today, value=55)

    # The coach's calendar for the coming week: a meeting on the feedback, a first visit.
    def at(days, hour, minute=0):
        day = today + datetime.timedelta(days=days)
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=district_timezone())

    calendar.coaching_event_schedule(
        actor=coach, cycle=cycle, kind="meeting", starts_at=at(2, 15, 30), minutes=30,
        note="Look at this week's exit tickets together.",
    )  # fmt: skip
    calendar.coaching_event_schedule(
        actor=coach, cycle=planned, kind="observation", starts_at=at(5, 10), minutes=45
    )

    opened = check_in_dispatch()
    counts = {"coaching cycles": len({cycle.pk, planned.pk, leader_cycle.pk}), "goals": 2}
    counts["planned events"] = 2
    counts["check-ins"] = opened.get("opened", 0)
    return counts
