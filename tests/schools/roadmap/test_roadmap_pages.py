"""The roadmap page (everyone with a role) and its editor (district administrators)."""

import datetime

import pytest

from core.models import AuditEvent
from core.roles import Role
from core.time import district_today
from schools.models import RoadmapMilestone, RoadmapPhase, School, Vision
from schools.roadmap.services import roadmap_milestone_create, roadmap_phase_create, vision_update
from tests.factories import SchoolFactory, person
from tests.support import page_queries

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "riverside.localhost"}
D = datetime.date


@pytest.fixture
def signed_in(client):
    def sign_in(role):
        user = person(role)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def admin_client(signed_in):
    return signed_in(Role.DISTRICT_ADMIN)


def phase(stage="getting_started", **fields):
    return roadmap_phase_create(actor=None, stage=stage, title=fields.pop("title", "Get started"), **fields)


def page(client, path="/roadmap/"):
    response = client.get(path, **HOST)
    return response, response.content.decode()


# --- The roadmap page ---------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE])
def test_everyone_with_a_role_reads_the_roadmap_without_an_edit_link(signed_in, role):
    vision_update(actor=None, statement="Every learner ready.")
    made = phase(starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    roadmap_milestone_create(actor=None, phase=made, title="Kick-off assembly", due_on=D(2026, 1, 15))
    SchoolFactory(name="Alder Elementary", stage="getting_started")

    response, html = page(signed_in(role))

    assert response.status_code == 200
    assert "Every learner ready." in html
    assert "Phase 1: Get started" in html and "Kick-off assembly" in html and "Alder Elementary" in html
    assert "Jan 1, 2026 \N{EN DASH} Jun 30, 2026" in html
    assert "/roadmap/edit/" not in html


def test_a_district_admin_sees_the_edit_link(admin_client):
    _, html = page(admin_client)
    assert 'href="/roadmap/edit/"' in html


def test_the_roadmap_needs_a_role_and_signing_in(client, signed_in):
    assert page(client)[0].status_code == 302
    assert page(signed_in(None))[0].status_code == 403


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE, None])
def test_only_district_admins_open_the_editor_or_post_to_it(signed_in, role):
    made = phase()
    item = roadmap_milestone_create(actor=None, phase=made, title="Kick-off", due_on=D(2026, 1, 15))
    school = SchoolFactory()
    client = signed_in(role)
    assert page(client, "/roadmap/edit/")[0].status_code == 403
    posts = {
        "/roadmap/edit/vision/": {"vision-statement": "Ours"},
        "/roadmap/edit/phases/sustaining/": {"phase-sustaining-title": "Sustain"},
        f"/roadmap/edit/phases/{made.pk}/milestones/": {
            f"add-{made.pk}-title": "X",
            f"add-{made.pk}-due_on": "2026-02-01",
        },
        f"/roadmap/edit/milestones/{item.pk}/done/": {"done": "1"},
        f"/roadmap/edit/milestones/{item.pk}/delete/": {},
        f"/roadmap/edit/phases/{made.pk}/delete/": {},
        f"/roadmap/edit/schools/{school.pk}/stage/": {f"school-{school.pk}-stage": "sustaining"},
    }
    for path, data in posts.items():
        assert client.post(path, data, **HOST).status_code == 403, path
    assert (
        Vision.objects.exists(),
        RoadmapPhase.objects.count(),
        RoadmapMilestone.objects.get().done_on,
    ) == (
        False,
        1,
        None,
    )
    assert School.objects.get(pk=school.pk).stage == "getting_started"


# --- The editor ---------------------------------------------------------------------------


def test_the_editor_saves_the_vision(admin_client):
    response = admin_client.post(
        "/roadmap/edit/vision/", {"vision-statement": "Every learner ready."}, **HOST
    )
    assert response.status_code == 302 and response["Location"] == "/roadmap/edit/#vision"
    assert Vision.current().statement == "Every learner ready."
    _, html = page(admin_client, "/roadmap/edit/")
    assert "Saved the vision." in html and "Every learner ready.</textarea>" in html


def test_a_refused_vision_comes_back_with_the_error_next_to_the_field(admin_client):
    response = admin_client.post("/roadmap/edit/vision/", {"vision-statement": "x" * 10_001}, **HOST)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_vision-statement_error"' in html
    assert "Ensure this value has at most 10000 characters" in html
    assert not Vision.objects.exists()


def test_the_editor_adds_then_changes_a_phase(admin_client):
    data = {
        "phase-moving_forward-title": "Move forward",
        "phase-moving_forward-description": "Scale what works.",
        "phase-moving_forward-starts_on": "2026-01-01",
        "phase-moving_forward-ends_on": "2026-06-30",
    }
    response = admin_client.post("/roadmap/edit/phases/moving_forward/", data, **HOST)
    assert response.status_code == 302 and response["Location"].endswith("#phase-moving_forward")
    made = RoadmapPhase.objects.get()
    assert (made.stage, made.title, made.ends_on) == ("moving_forward", "Move forward", D(2026, 6, 30))

    data["phase-moving_forward-title"] = "Move ahead"
    admin_client.post("/roadmap/edit/phases/moving_forward/", data, **HOST)
    assert RoadmapPhase.objects.get().title == "Move ahead"
    assert AuditEvent.objects.filter(action="roadmap_phase.updated").count() == 1


def test_a_phase_ending_before_it_starts_shows_the_error_by_the_end_date(admin_client):
    data = {
        "phase-sustaining-title": "Sustain",
        "phase-sustaining-starts_on": "2026-06-01",
        "phase-sustaining-ends_on": "2026-01-01",
    }
    response = admin_client.post("/roadmap/edit/phases/sustaining/", data, **HOST)
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        '<ul class="errorlist" id="id_phase-sustaining-ends_on_error" role="alert"><li>A phase cannot end before it starts.</li></ul>'
        in html
    )
    assert 'value="Sustain"' in html, "what was typed stays"
    assert not RoadmapPhase.objects.exists()


def test_an_unknown_stage_in_the_address_is_a_404(admin_client):
    assert admin_client.post("/roadmap/edit/phases/finished/", {}, **HOST).status_code == 404


def test_the_editor_adds_a_milestone_and_refuses_one_outside_the_phase(admin_client):
    made = phase(starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    prefix = f"add-{made.pk}"
    refused = admin_client.post(
        f"/roadmap/edit/phases/{made.pk}/milestones/",
        {f"{prefix}-title": "Late", f"{prefix}-due_on": "2026-07-01"},
        **HOST,
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert f'id="id_{prefix}-due_on_error"' in html and "The phase ends on Jun 30, 2026" in html
    assert 'class="roadmap-add-milestone" open' in html, "the refused form stays open"

    added = admin_client.post(
        f"/roadmap/edit/phases/{made.pk}/milestones/",
        {f"{prefix}-title": "Kick-off", f"{prefix}-due_on": "2026-01-15"},
        **HOST,
    )
    assert added.status_code == 302
    assert RoadmapMilestone.objects.get().title == "Kick-off"


def test_the_editor_marks_a_milestone_done_then_reopens_it(admin_client):
    item = roadmap_milestone_create(actor=None, phase=phase(), title="Kick-off", due_on=D(2026, 1, 15))
    admin_client.post(f"/roadmap/edit/milestones/{item.pk}/done/", {"done": "1"}, **HOST)
    assert RoadmapMilestone.objects.get().done_on == district_today()
    admin_client.post(f"/roadmap/edit/milestones/{item.pk}/done/", {"done": "0"}, **HOST)
    assert RoadmapMilestone.objects.get().done_on is None


def test_the_editor_edits_and_deletes_a_milestone(admin_client):
    item = roadmap_milestone_create(actor=None, phase=phase(), title="Kick-off", due_on=D(2026, 1, 15))
    prefix = f"milestone-{item.pk}"
    response = admin_client.post(
        f"/roadmap/edit/milestones/{item.pk}/",
        {f"{prefix}-title": "Launch", f"{prefix}-due_on": "2026-02-01", f"{prefix}-done_on": "2999-01-01"},
        **HOST,
    )
    assert response.status_code == 400
    assert f'id="id_{prefix}-done_on_error"' in response.content.decode()
    admin_client.post(
        f"/roadmap/edit/milestones/{item.pk}/",
        {f"{prefix}-title": "Launch", f"{prefix}-due_on": "2026-02-01"},
        **HOST,
    )
    assert (RoadmapMilestone.objects.get().title, RoadmapMilestone.objects.get().due_on) == (
        "Launch",
        D(2026, 2, 1),
    )
    admin_client.post(f"/roadmap/edit/milestones/{item.pk}/delete/", **HOST)
    assert not RoadmapMilestone.objects.exists()


def test_the_editor_deletes_a_phase(admin_client):
    made = phase()
    response = admin_client.post(f"/roadmap/edit/phases/{made.pk}/delete/", **HOST)
    assert response.status_code == 302
    assert not RoadmapPhase.objects.exists()


def test_the_editor_sets_a_schools_stage(admin_client):
    school = SchoolFactory(name="Alder")
    response = admin_client.post(
        f"/roadmap/edit/schools/{school.pk}/stage/", {f"school-{school.pk}-stage": "sustaining"}, **HOST
    )
    assert response.status_code == 302 and response["Location"].endswith("#schools")
    assert School.objects.get(pk=school.pk).stage == "sustaining"
    bad = admin_client.post(
        f"/roadmap/edit/schools/{school.pk}/stage/", {f"school-{school.pk}-stage": "done"}, **HOST
    )
    assert bad.status_code == 400
    assert f'id="id_school-{school.pk}-stage_error"' in bad.content.decode()
    closed = SchoolFactory(is_active=False)
    assert admin_client.post(f"/roadmap/edit/schools/{closed.pk}/stage/", {}, **HOST).status_code == 404


def test_the_editor_labels_each_schools_stage(admin_client):
    school = SchoolFactory(name="Alder")
    _, html = page(admin_client, "/roadmap/edit/")
    assert f'<label for="id_school-{school.pk}-stage" class="visually-hidden">Stage of Alder</label>' in html


# --- Query counts -------------------------------------------------------------------------


def grow(n):
    """`n` milestones in each of three phases and `n` schools."""
    for stage in ("getting_started", "moving_forward", "sustaining"):
        made = RoadmapPhase.objects.filter(stage=stage).first() or phase(stage, title=stage)
        for i in range(n):
            roadmap_milestone_create(actor=None, phase=made, title=f"{stage} {i}", due_on=D(2026, 1, 1))
    SchoolFactory.create_batch(n)


# Every page: the district's domain and search path (3), the session, the user, the
# actor's roles, and the navigation's unread count = 7. The roadmap adds the overview's four
# (vision, phases, milestones, schools) = 11; the editor also lists the schools with their
# stage = 12.
PAGE_QUERIES = {"/roadmap/": 11, "/roadmap/edit/": 12}


@pytest.mark.parametrize("path", list(PAGE_QUERIES))
def test_the_roadmap_pages_take_the_same_queries_for_one_row_as_for_fifty(admin_client, path):
    """Everyone in the district opens the roadmap, and the editor lists every school:
    neither may cost a query per milestone, phase or school."""
    vision_update(actor=None, statement="Ours")
    grow(1)
    assert page_queries(admin_client, path, warm=True)[0] == PAGE_QUERIES[path], "one of each"
    grow(49)
    assert page_queries(admin_client, path, warm=True)[0] == PAGE_QUERIES[path], (
        "fifty of each: still the same queries"
    )


def test_the_dashboard_partial_summarises_each_phase_and_links_to_the_roadmap():
    from django.template.loader import render_to_string

    from schools.roadmap.selectors import roadmap_overview

    vision_update(actor=None, statement="Every learner ready.")
    made = phase(title="Begin", starts_on=D(2026, 1, 1))
    roadmap_milestone_create(
        actor=None, phase=made, title="Done one", due_on=D(2026, 1, 2), done_on=D(2026, 1, 2)
    )
    roadmap_milestone_create(actor=None, phase=made, title="Launch", due_on=D(2031, 1, 1))
    SchoolFactory.create_batch(2, stage="getting_started")

    html = render_to_string("schools/_roadmap.html", {"roadmap": roadmap_overview(actor=None)})

    assert "Every learner ready." in html
    assert 'Begin <small class="muted">(Getting started)</small>' in html
    assert '<td class="num">1 of 2</td>' in html
    assert "Launch, due Jan 1, 2031" in html
    assert 'href="/roadmap/"' in html
