"""The vision and roadmap services and the overview: rules, permissions, audit, queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from core.roles import Role
from core.time import district_today
from schools.models import ImplementationStage, RoadmapMilestone, RoadmapPhase, School, Vision
from schools.roadmap.selectors import roadmap_overview
from schools.roadmap.services import (
    roadmap_milestone_create,
    roadmap_milestone_delete,
    roadmap_milestone_update,
    roadmap_phase_create,
    roadmap_phase_delete,
    roadmap_phase_update,
    school_stage_set,
    vision_update,
)
from tests.factories import SchoolFactory, person

pytestmark = pytest.mark.django_db

D = datetime.date
GETTING_STARTED, MOVING_FORWARD, SUSTAINING = ImplementationStage.values


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


def fields_of(refused) -> set[str]:
    return set(refused.value.message_dict)


def phase(stage=GETTING_STARTED, **fields):
    return roadmap_phase_create(actor=None, stage=stage, title=fields.pop("title", "Get started"), **fields)


# --- Who may write ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE, None])
def test_only_district_admins_write_the_vision_and_roadmap(role):
    actor = person(role)
    first = phase()
    milestone = roadmap_milestone_create(actor=None, phase=first, title="Kick-off", due_on=D(2025, 9, 1))
    school = SchoolFactory()
    attempts = [
        lambda: vision_update(actor=actor, statement="Ours"),
        lambda: roadmap_phase_create(actor=actor, stage=MOVING_FORWARD, title="Move"),
        lambda: roadmap_phase_update(actor=actor, phase=first, title="Renamed"),
        lambda: roadmap_phase_delete(actor=actor, phase=first),
        lambda: roadmap_milestone_create(actor=actor, phase=first, title="More", due_on=D(2025, 9, 2)),
        lambda: roadmap_milestone_update(actor=actor, milestone=milestone, done_on=D(2025, 9, 1)),
        lambda: roadmap_milestone_delete(actor=actor, milestone=milestone),
        lambda: school_stage_set(actor=actor, school=school, stage=SUSTAINING),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert RoadmapPhase.objects.get().title == "Get started"
    assert RoadmapMilestone.objects.get().done_on is None
    school.refresh_from_db()
    assert school.stage == GETTING_STARTED
    assert Vision.current().statement == ""


# --- Vision -------------------------------------------------------------------------------


def test_admin_writes_the_vision_and_the_change_is_audited(admin):
    vision_update(actor=admin, statement="  Every learner ready.  ")
    vision_update(actor=admin, statement="Every learner, every day.")

    vision = Vision.current()
    assert vision.statement == "Every learner, every day."
    assert vision.updated_by == admin
    events = AuditEvent.objects.filter(action="vision.updated").order_by("id")
    assert [e.data["before"] for e in events] == ["", "Every learner ready."]
    assert {e.actor for e in events} == {admin}


def test_an_unchanged_vision_writes_no_audit_row(admin):
    vision_update(actor=admin, statement="Same")
    vision_update(actor=admin, statement="Same ")
    assert AuditEvent.objects.filter(action="vision.updated").count() == 1


def test_a_vision_over_ten_thousand_characters_is_refused_on_statement(admin):
    with pytest.raises(ValidationError) as refused:
        vision_update(actor=admin, statement="x" * 10_001)
    assert fields_of(refused) == {"statement"}
    vision_update(actor=admin, statement="x" * 10_000)


# --- Phases -------------------------------------------------------------------------------


def test_admin_adds_a_phase_and_it_is_audited(admin):
    made = roadmap_phase_create(
        actor=admin,
        stage=MOVING_FORWARD,
        title=" Move forward ",
        description="Scale what works.",
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 6, 30),
    )
    assert (made.stage, made.title, made.starts_on, made.ends_on) == (
        MOVING_FORWARD,
        "Move forward",
        D(2026, 1, 1),
        D(2026, 6, 30),
    )
    event = AuditEvent.objects.get(action="roadmap_phase.created")
    assert (event.actor, event.target_id, event.data) == (admin, str(made.pk), {"stage": MOVING_FORWARD})


def test_a_second_phase_for_a_stage_is_a_400_on_stage(admin):
    phase(GETTING_STARTED)
    with pytest.raises(ValidationError) as refused:
        roadmap_phase_create(actor=admin, stage=GETTING_STARTED, title="Again")
    assert fields_of(refused) == {"stage"}
    assert "already has a phase for “Getting started”" in refused.value.message_dict["stage"][0]
    other = phase(SUSTAINING, title="Sustain")
    with pytest.raises(ValidationError) as moved:
        roadmap_phase_update(actor=admin, phase=other, stage=GETTING_STARTED)
    assert fields_of(moved) == {"stage"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"stage": "finished"}, "stage"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"starts_on": D(2026, 2, 1), "ends_on": D(2026, 1, 31)}, "ends_on"),
    ],
)
def test_phase_rules_name_the_field(admin, fields, field):
    values = {"stage": GETTING_STARTED, "title": "Get started", **fields}
    with pytest.raises(ValidationError) as refused:
        roadmap_phase_create(actor=admin, **values)
    assert fields_of(refused) == {field}
    assert not RoadmapPhase.objects.exists()


def test_a_phase_may_start_and_end_the_same_day_or_have_no_dates(admin):
    roadmap_phase_create(
        actor=admin, stage=GETTING_STARTED, title="A day", starts_on=D(2026, 1, 1), ends_on=D(2026, 1, 1)
    )
    roadmap_phase_create(actor=admin, stage=MOVING_FORWARD, title="Open ended", starts_on=D(2026, 1, 2))
    roadmap_phase_create(actor=admin, stage=SUSTAINING, title="Undated")
    assert RoadmapPhase.objects.count() == 3


def test_updating_a_phase_audits_what_it_was(admin):
    made = phase(starts_on=D(2026, 1, 1))
    updated = roadmap_phase_update(actor=admin, phase=made, title="Begin", ends_on=D(2026, 3, 1))
    assert (updated.title, updated.ends_on) == ("Begin", D(2026, 3, 1))
    event = AuditEvent.objects.get(action="roadmap_phase.updated")
    assert event.data == {"before": {"title": "Get started", "ends_on": None}}
    with pytest.raises(ValidationError) as refused:
        roadmap_phase_update(actor=admin, phase=made, colour="red")
    assert fields_of(refused) == {"colour"}


def test_a_phase_cannot_move_its_dates_past_its_milestones(admin):
    made = phase(starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    roadmap_milestone_create(actor=admin, phase=made, title="Early", due_on=D(2026, 1, 15))
    roadmap_milestone_create(actor=admin, phase=made, title="Late", due_on=D(2026, 6, 1))
    roadmap_milestone_create(actor=admin, phase=made, title="Later", due_on=D(2026, 6, 15))

    with pytest.raises(ValidationError) as late:
        roadmap_phase_update(actor=admin, phase=made, ends_on=D(2026, 5, 31))
    assert late.value.message_dict == {"ends_on": ["2 milestones are due after this end: move them first."]}
    with pytest.raises(ValidationError) as early:
        roadmap_phase_update(actor=admin, phase=made, starts_on=D(2026, 2, 1))
    assert early.value.message_dict == {"starts_on": ["1 milestone is due before this start: move it first."]}
    roadmap_phase_update(actor=admin, phase=made, starts_on=None, ends_on=None)


def test_deleting_a_phase_removes_its_milestones_keeps_schools_and_is_audited(admin):
    made = phase()
    roadmap_milestone_create(actor=admin, phase=made, title="One", due_on=D(2026, 1, 1))
    roadmap_milestone_create(actor=admin, phase=made, title="Two", due_on=D(2026, 1, 2))
    school = SchoolFactory(stage=GETTING_STARTED)

    roadmap_phase_delete(actor=admin, phase=made)

    assert not RoadmapPhase.objects.exists() and not RoadmapMilestone.objects.exists()
    assert School.objects.get(pk=school.pk).stage == GETTING_STARTED
    event = AuditEvent.objects.get(action="roadmap_phase.deleted")
    assert event.data == {"stage": GETTING_STARTED, "title": "Get started", "milestones": 2}


# --- Milestones ---------------------------------------------------------------------------


def test_a_milestone_is_due_within_its_phases_dates(admin):
    dated = phase(starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    for due in (D(2025, 12, 31), D(2026, 7, 1)):
        with pytest.raises(ValidationError) as refused:
            roadmap_milestone_create(actor=admin, phase=dated, title="Out", due_on=due)
        assert fields_of(refused) == {"due_on"}
    for due in (D(2026, 1, 1), D(2026, 6, 30)):
        roadmap_milestone_create(actor=admin, phase=dated, title="In", due_on=due)
    open_ended = phase(MOVING_FORWARD, title="Move", starts_on=D(2027, 1, 1))
    roadmap_milestone_create(actor=admin, phase=open_ended, title="Far", due_on=D(2035, 1, 1))
    with pytest.raises(ValidationError):
        roadmap_milestone_create(actor=admin, phase=open_ended, title="Early", due_on=D(2026, 12, 31))
    undated = phase(SUSTAINING, title="Sustain")
    roadmap_milestone_create(actor=admin, phase=undated, title="Any day", due_on=D(2001, 1, 1))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"due_on": None}, "due_on"),
        ({"done_on": "tomorrow"}, "done_on"),
        ({"title": "x" * 201}, "title"),
    ],
)
def test_milestone_rules_name_the_field(admin, fields, field):
    values = {"title": "Kick-off", "due_on": D(2026, 1, 1), **fields}
    with pytest.raises(ValidationError) as refused:
        roadmap_milestone_create(actor=admin, phase=phase(), **values)
    assert fields_of(refused) == {field}


def test_a_milestone_is_marked_done_and_reopened_audited_as_such(admin):
    milestone = roadmap_milestone_create(actor=admin, phase=phase(), title="Kick-off", due_on=D(2026, 1, 1))
    today = district_today()

    roadmap_milestone_update(actor=admin, milestone=milestone, done_on=today)
    assert RoadmapMilestone.objects.get().done_on == today
    roadmap_milestone_update(actor=admin, milestone=milestone, done_on=None)
    assert RoadmapMilestone.objects.get().done_on is None

    actions = list(
        AuditEvent.objects.filter(target_type="schools.roadmapmilestone")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["roadmap_milestone.created", "roadmap_milestone.done", "roadmap_milestone.reopened"]


def test_a_milestone_cannot_be_done_in_the_future(admin):
    milestone = roadmap_milestone_create(actor=admin, phase=phase(), title="Kick-off", due_on=D(2026, 1, 1))
    with pytest.raises(ValidationError) as refused:
        roadmap_milestone_update(
            actor=admin, milestone=milestone, done_on=district_today() + datetime.timedelta(days=1)
        )
    assert fields_of(refused) == {"done_on"}


def test_moving_a_milestone_to_another_phase_checks_that_phases_dates(admin):
    first = phase(starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    second = phase(MOVING_FORWARD, title="Move", starts_on=D(2026, 7, 1))
    milestone = roadmap_milestone_create(actor=admin, phase=first, title="Kick-off", due_on=D(2026, 2, 1))
    with pytest.raises(ValidationError) as refused:
        roadmap_milestone_update(actor=admin, milestone=milestone, phase=second)
    assert fields_of(refused) == {"due_on"}
    moved = roadmap_milestone_update(actor=admin, milestone=milestone, phase=second, due_on=D(2026, 8, 1))
    assert RoadmapMilestone.objects.get(pk=moved.pk).phase == second
    event = AuditEvent.objects.get(action="roadmap_milestone.updated")
    assert event.data == {"before": {"phase": first.pk, "due_on": "2026-02-01"}}


def test_deleting_a_milestone_is_audited(admin):
    milestone = roadmap_milestone_create(actor=admin, phase=phase(), title="Kick-off", due_on=D(2026, 1, 1))
    roadmap_milestone_delete(actor=admin, milestone=milestone)
    assert not RoadmapMilestone.objects.exists()
    assert AuditEvent.objects.get(action="roadmap_milestone.deleted").data["title"] == "Kick-off"


# --- Schools' stages ----------------------------------------------------------------------


def test_admin_sets_a_schools_stage_audited_as_a_school_change(admin):
    school = SchoolFactory()
    school_stage_set(actor=admin, school=school, stage=SUSTAINING)
    assert School.objects.get(pk=school.pk).stage == SUSTAINING
    event = AuditEvent.objects.get(action="school.updated", target_id=str(school.pk))
    assert (event.actor, event.data) == (admin, {"before": {"stage": GETTING_STARTED}})
    school_stage_set(actor=admin, school=school, stage=SUSTAINING)
    assert AuditEvent.objects.filter(action="school.updated").count() == 1, "unchanged: nothing written"


def test_an_unknown_stage_is_refused_on_stage(admin):
    with pytest.raises(ValidationError) as refused:
        school_stage_set(actor=admin, school=SchoolFactory(), stage="done")
    assert fields_of(refused) == {"stage"}


# --- The overview -------------------------------------------------------------------------


def test_the_overview_lists_the_three_stages_in_order_with_milestones_and_schools(admin):
    vision_update(actor=admin, statement="Every learner ready.")
    sustain = phase(SUSTAINING, title="Keep it going", starts_on=D(2020, 1, 1))
    start = phase(GETTING_STARTED, title="Begin", description="First steps.", starts_on=D(2030, 1, 1))
    today = district_today()
    late = roadmap_milestone_create(
        actor=admin, phase=sustain, title="Late", due_on=today - datetime.timedelta(days=1)
    )
    done = roadmap_milestone_create(
        actor=admin, phase=sustain, title="Done", due_on=D(2020, 2, 1), done_on=D(2020, 2, 1)
    )
    soon = roadmap_milestone_create(
        actor=admin, phase=sustain, title="Soon", due_on=today + datetime.timedelta(days=5)
    )
    north = SchoolFactory(name="North", stage=SUSTAINING)
    SchoolFactory(name="Closed", stage=SUSTAINING, is_active=False)
    alder = SchoolFactory(name="Alder", stage=SUSTAINING)
    middle = SchoolFactory(name="Middle", stage=MOVING_FORWARD)

    overview = roadmap_overview(actor=None)

    assert overview["vision"]["statement"] == "Every learner ready."
    assert [p["stage"] for p in overview["phases"]] == [GETTING_STARTED, MOVING_FORWARD, SUSTAINING]
    first, second, third = overview["phases"]
    assert (first["id"], first["title"], first["description"], first["starts_on"]) == (
        start.pk,
        "Begin",
        "First steps.",
        D(2030, 1, 1),
    )
    assert (second["id"], second["title"], second["milestones"]) == (None, "Moving forward", [])
    assert second["schools"] == [{"id": middle.pk, "name": "Middle"}]
    assert third["stage_label"] == "Sustaining"
    assert [(m["id"], m["status"]) for m in third["milestones"]] == [
        (done.pk, "done"),
        (late.pk, "overdue"),
        (soon.pk, "upcoming"),
    ]
    assert third["milestones_done"] == 1
    assert third["next_milestone"]["id"] == late.pk
    assert third["schools"] == [{"id": alder.pk, "name": "Alder"}, {"id": north.pk, "name": "North"}]


def test_the_overview_before_anything_is_written_has_an_empty_vision_and_writes_nothing():
    overview = roadmap_overview(actor=None)
    assert overview["vision"] == {"statement": "", "updated_at": None}
    assert [p["id"] for p in overview["phases"]] == [None, None, None]
    assert not Vision.objects.exists()


def test_the_overview_takes_four_queries_however_big_the_roadmap(admin):
    vision_update(actor=admin, statement="Ours")

    def count():
        with CaptureQueriesContext(connection) as queries:
            roadmap_overview(actor=None)
        return len(queries)

    first = phase(starts_on=D(2026, 1, 1))
    roadmap_milestone_create(actor=admin, phase=first, title="One", due_on=D(2026, 1, 1))
    SchoolFactory()
    small = count()
    for stage in (MOVING_FORWARD, SUSTAINING):
        more = phase(stage, title=stage)
        for n in range(25):
            roadmap_milestone_create(actor=admin, phase=more, title=f"M{n}", due_on=D(2026, 1, 1))
    SchoolFactory.create_batch(50)
    assert count() == small == 4, "vision, phases, milestones, schools: never one more per phase or school"
