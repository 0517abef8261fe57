"""The coaching pages: workspace, cycle page, observation form, feedback, sharing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Framework, Item, ItemKind
from coaching.cycles.services.feedback import feedback_give
from coaching.cycles.services.lifecycle import cycle_note_add, cycle_start, cycle_transition
from coaching.cycles.services.observations import observation_record
from coaching.models import CheckIn, CoachingCycle, CycleStatus, Feedback, Observation
from core.audit import AuditEvent
from core.roles import Role
from core.time import district_today
from tests.factories import SchoolFactory, SupervisionFactory, person
from tests.support import get, post, signed_in

pytestmark = pytest.mark.django_db

# Both pages run a fixed number of queries: the request's own (tenant, session, user,
# roles, unread count) plus the page's lists, prefetched. A count that grows with the
# rows would make a coach with a full caseload wait. The cycle page adds, for its coach
# and coachee, one query counting what happened (the next action) and one for what is
# planned.
WORKSPACE_QUERIES = 11
CYCLE_PAGE_QUERIES = 20


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def coach(school):
    return person(Role.COACH, school)


@pytest.fixture
def teacher(school):
    return person(Role.TEACHER, school)


def indicators(n=2):
    framework = Framework.objects.get(audience="educators", adoption_status="adopted")
    return list(Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)[:n])


def start(coach, teacher, **kw):
    today = district_today()
    return cycle_start(
        actor=coach,
        coachee=teacher,
        title=kw.pop("title", "Checking for understanding"),
        starts_on=today - datetime.timedelta(days=14),
        ends_on=today + datetime.timedelta(days=30),
        cadence="weekly",
        focus_indicator_ids=[i.pk for i in indicators()],
        **kw,
    )


def test_coach_starts_a_cycle_from_the_form(client, coach, teacher):
    focus = indicators()
    today = district_today()
    response = post(
        signed_in(client, coach),
        "/coaching/cycles/new/",
        {
            "coachee": teacher.pk,
            "title": "Small-group reading",
            "starts_on": today,
            "ends_on": today + datetime.timedelta(weeks=6),
            "cadence": "weekly",
            "focus_indicators": [i.pk for i in focus],
        },
    )
    cycle = CoachingCycle.objects.get(coach=coach, coachee=teacher)
    assert response.status_code == 302 and response.url == f"/coaching/cycles/{cycle.pk}/"
    assert set(cycle.focus_indicators.all()) == set(focus)


def test_cycle_form_offers_only_people_the_coach_may_coach(client, coach, teacher):
    elsewhere = person(Role.TEACHER)
    page = get(signed_in(client, coach), "/coaching/cycles/new/").content.decode()
    assert teacher.full_name in page
    assert elsewhere.full_name not in page


def test_cycle_form_shows_the_services_refusal_next_to_the_field(client, coach, teacher):
    today = district_today()
    response = post(
        signed_in(client, coach),
        "/coaching/cycles/new/",
        {"coachee": teacher.pk, "title": "X", "starts_on": today, "ends_on": today - datetime.timedelta(days=1),
         "cadence": "weekly"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "A cycle cannot end before it starts." in response.content.decode()
    assert not CoachingCycle.objects.exists()


def test_teacher_cannot_open_the_cycle_form(client, teacher):
    assert get(signed_in(client, teacher), "/coaching/cycles/new/").status_code == 403


def test_whole_cycle_through_the_pages(client, coach, teacher):
    cycle = start(coach, teacher)
    as_coach = signed_in(client, coach)
    assert post(as_coach, f"/coaching/cycles/{cycle.pk}/transition/", {"to": "observing"}).status_code == 302
    focus = indicators()
    response = post(
        as_coach,
        f"/coaching/observe/?cycle={cycle.pk}",
        {
            "observed_on": district_today(),
            "kind": "walkthrough",
            "notes": "Students explained their thinking.",
            "indicator_1": focus[0].pk,
            "note_1": "Turn and talk",
        },
    )
    observation = Observation.objects.get(cycle=cycle)
    assert response.status_code == 302 and response.url == f"/coaching/observations/{observation.pk}/"
    assert observation.evidence.get().indicator == focus[0]
    post(as_coach, f"/coaching/cycles/{cycle.pk}/transition/", {"to": "feedback"})
    post(
        as_coach,
        f"/coaching/cycles/{cycle.pk}/feedback/",
        {"strengths": "Clear launch", "next_steps": "Wait time", "observation": observation.pk},
    )
    feedback = Feedback.objects.get(cycle=cycle)

    as_teacher = signed_in(client, teacher)
    page = get(as_teacher, f"/coaching/cycles/{cycle.pk}/").content.decode()
    assert "Clear launch" in page and "Acknowledge" in page
    post(as_teacher, f"/coaching/feedback/{feedback.pk}/", {"reflection": "I will count to five."})
    feedback.refresh_from_db()
    assert feedback.acknowledged_at and feedback.reflection == "I will count to five."

    as_coach = signed_in(client, coach)
    post(as_coach, f"/coaching/cycles/{cycle.pk}/transition/", {"to": "reflecting"})
    refused = post(as_coach, f"/coaching/cycles/{cycle.pk}/transition/", {"to": "closed", "summary": ""})
    assert refused.status_code == 400
    assert "Write a summary of the cycle to close it." in refused.content.decode()
    post(
        as_coach,
        f"/coaching/cycles/{cycle.pk}/transition/",
        {"to": "closed", "summary": "Wait time is a habit now.", "invite_self_assessment": "on"},
    )
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.CLOSED and cycle.invited_self_assessment


def test_skipping_a_step_is_refused_on_the_page(client, coach, teacher):
    cycle = start(coach, teacher)
    response = post(signed_in(client, coach), f"/coaching/cycles/{cycle.pk}/transition/", {"to": "feedback"})
    assert response.status_code == 400
    assert "can move only to observing" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.PLANNING


def test_supervisor_sees_only_what_the_coachee_shared_on_the_cycle_page(client, school, coach, teacher):
    principal = person(Role.SCHOOL_LEADER, school)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    cycle = start(coach, teacher)
    cycle_transition(actor=coach, cycle=cycle, to="observing")
    kept = cycle_note_add(actor=coach, cycle=cycle, body="Private working note")
    shared = cycle_note_add(actor=teacher, cycle=cycle, body="Happy to share this one")
    post(signed_in(client, teacher), f"/coaching/share/note/{shared.pk}/", {"shared": "true"})

    page = get(signed_in(client, principal), f"/coaching/cycles/{cycle.pk}/").content.decode()
    assert "Happy to share this one" in page
    assert kept.body not in page
    assert AuditEvent.objects.filter(actor=principal, target_id=str(cycle.pk)).exists()


def test_another_teacher_gets_404_for_a_cycle_page(client, coach, teacher, school):
    cycle = start(coach, teacher)
    assert (
        get(signed_in(client, person(Role.TEACHER, school)), f"/coaching/cycles/{cycle.pk}/").status_code
        == 404
    )


def test_attachment_is_downloaded_through_the_firewall(client, coach, teacher, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cycle = start(coach, teacher)
    cycle_transition(actor=coach, cycle=cycle, to="observing")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = post(
        signed_in(client, coach),
        f"/coaching/observe/?cycle={cycle.pk}",
        {
            "observed_on": district_today(),
            "kind": "observation",
            "attachment": SimpleUploadedFile("work.png", png, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    observation = Observation.objects.get(cycle=cycle)
    attachment = observation.attachments.get()
    assert attachment.file.name.startswith(f"districts/{connection.schema_name}/observations/")
    url = f"/coaching/observations/{observation.pk}/attachments/{attachment.pk}/"
    download = get(signed_in(client, teacher), url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == png
    assert get(signed_in(client, person(Role.TEACHER)), url).status_code == 404


def test_a_text_file_named_png_is_refused_on_the_form(client, coach, teacher, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cycle = start(coach, teacher)
    cycle_transition(actor=coach, cycle=cycle, to="observing")
    response = post(
        signed_in(client, coach),
        f"/coaching/observe/?cycle={cycle.pk}",
        {
            "observed_on": district_today(),
            "kind": "observation",
            "attachment": SimpleUploadedFile("work.png", b"not really an image", content_type="image/png"),
        },
    )
    assert response.status_code == 400
    assert not Observation.objects.filter(cycle=cycle).exists(), "a refused file loses the whole save"


def make_cycles(coach, n, school):
    for i in range(n):
        coachee = person(Role.TEACHER, school)
        cycle = start(coach, coachee, title=f"Cycle {i}")
        cycle_transition(actor=coach, cycle=cycle, to="observing")
        CheckIn.objects.create(cycle=cycle, owner=coachee, due_on=district_today(), status="overdue")
        feedback_give(actor=coach, cycle=cycle, strengths="S", next_steps="N")


@pytest.mark.parametrize("rows", [1, 50])
def test_workspace_query_count_does_not_grow_with_cycles(client, coach, school, rows):
    make_cycles(coach, rows, school)
    signed_in(client, coach)
    get(client, "/coaching/")
    with CaptureQueriesContext(connection) as captured:
        response = get(client, "/coaching/")
    assert response.status_code == 200
    assert response.content.decode().count("overdue check-in") == rows
    # Session, user, roles (navigation), the tenant switches, then the workspace's cycles,
    # overdue check-ins, unacknowledged feedback and the actor's own cycles.
    assert len(captured) == WORKSPACE_QUERIES, "\n".join(q["sql"] for q in captured)


@pytest.mark.parametrize("rows", [1, 50])
def test_cycle_page_query_count_does_not_grow_with_the_timeline(client, coach, teacher, rows):
    cycle = start(coach, teacher)
    cycle_transition(actor=coach, cycle=cycle, to="observing")
    focus = indicators()
    for i in range(rows):
        observation = observation_record(
            actor=coach,
            observed=teacher,
            observed_on=district_today(),
            kind="observation",
            cycle=cycle,
            notes=f"Visit {i}",
            evidence=[{"indicator": focus[0].pk, "level": None, "note": "seen"}],
        )
        feedback_give(actor=coach, cycle=cycle, observation=observation, strengths="S", next_steps="N",
                             indicator_ids=[focus[0].pk])  # fmt: skip
        cycle_note_add(actor=teacher, cycle=cycle, body=f"Note {i}")
    signed_in(client, teacher)
    get(client, f"/coaching/cycles/{cycle.pk}/")
    with CaptureQueriesContext(connection) as captured:
        response = get(client, f"/coaching/cycles/{cycle.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count("Visit ") == rows
    assert len(captured) == CYCLE_PAGE_QUERIES, "\n".join(q["sql"] for q in captured)
