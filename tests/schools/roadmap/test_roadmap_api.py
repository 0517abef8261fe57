"""The vision and roadmap API: everyone with a role reads, district administrators write."""

import datetime

import pytest

from core.models import AuditEvent
from core.roles import Role
from core.time import district_today
from schools.models import RoadmapMilestone, RoadmapPhase, Vision
from schools.roadmap.services import roadmap_milestone_create, roadmap_phase_create, vision_update
from tests.factories import SchoolFactory, person

pytestmark = pytest.mark.django_db

D = datetime.date
READERS = [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE, Role.DISTRICT_ADMIN]
NOT_ADMINS = [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE, None]
READ_URLS = ["/api/v1/vision/", "/api/v1/roadmap/", "/api/v1/roadmap-phases/", "/api/v1/roadmap-milestones/"]


@pytest.fixture
def admin_api(api):
    return api(person(Role.DISTRICT_ADMIN))


def phase(stage="getting_started", **fields):
    return roadmap_phase_create(actor=None, stage=stage, title=fields.pop("title", "Get started"), **fields)


def milestone(of, **fields):
    return roadmap_milestone_create(
        actor=None,
        phase=of,
        title=fields.pop("title", "Kick-off"),
        due_on=fields.pop("due_on", D(2026, 1, 1)),
        **fields,
    )


def error_fields(response) -> list[str]:
    return list(response.json()["error"]["fields"])


# --- Reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_everyone_with_a_role_reads_the_vision_and_roadmap(api, role):
    vision_update(actor=None, statement="Every learner ready.")
    made = phase()
    milestone(made)
    client = api(person(role))
    for url in READ_URLS:
        assert client.get(url).status_code == 200, url
    assert client.get("/api/v1/vision/").json()["statement"] == "Every learner ready."
    assert client.get(f"/api/v1/roadmap-phases/{made.pk}/").status_code == 200


def test_people_without_a_role_are_refused_and_strangers_must_sign_in(api):
    for url in READ_URLS:
        refused = api(person()).get(url)
        assert refused.status_code == 403, url
        assert refused.json()["error"]["message"] == "The roadmap opens once you have a role in the district."
        assert api().get(url).status_code == 401, url


def test_the_overview_has_the_vision_phases_milestones_and_schools(api):
    vision_update(actor=None, statement="Every learner ready.")
    made = phase(starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    done = milestone(made, done_on=D(2026, 1, 1))
    school = SchoolFactory(name="Alder", stage="getting_started")

    body = api(person(Role.TEACHER)).get("/api/v1/roadmap/").json()

    assert body["vision"]["statement"] == "Every learner ready."
    assert [p["stage"] for p in body["phases"]] == ["getting_started", "moving_forward", "sustaining"]
    first = body["phases"][0]
    assert first | {"milestones": None, "schools": None, "next_milestone": None} == {
        "id": made.pk,
        "stage": "getting_started",
        "stage_label": "Getting started",
        "title": "Get started",
        "description": "",
        "starts_on": "2026-01-01",
        "ends_on": "2026-06-30",
        "milestones": None,
        "milestones_done": 1,
        "next_milestone": None,
        "schools": None,
    }
    assert first["milestones"] == [
        {
            "id": done.pk,
            "title": "Kick-off",
            "description": "",
            "due_on": "2026-01-01",
            "done_on": "2026-01-01",
            "status": "done",
        }
    ]
    assert {"id": school.pk, "name": "Alder"} in first["schools"]
    assert body["phases"][1]["id"] is None and body["phases"][1]["title"] == "Moving forward"


def test_a_missing_or_malformed_id_is_a_404(api):
    client = api(person(Role.TEACHER))
    for url in ("/api/v1/roadmap-phases/999999/", "/api/v1/roadmap-milestones/999999/"):
        assert client.get(url).status_code == 404
    assert client.get("/api/v1/roadmap-phases/abc/").status_code == 404


def test_another_districts_roadmap_is_not_visible(api, lakeview, in_district):
    made = phase()
    with in_district(lakeview):
        theirs = person(Role.DISTRICT_ADMIN)
    client = api(theirs, district=lakeview)
    assert client.get(f"/api/v1/roadmap-phases/{made.pk}/").status_code == 404
    assert client.get("/api/v1/roadmap-phases/").json()["results"] == []
    assert (
        client.patch(f"/api/v1/roadmap-phases/{made.pk}/", {"title": "Theirs"}, format="json").status_code
        == 404
    )
    assert RoadmapPhase.objects.get().title == "Get started"


# --- The vision ---------------------------------------------------------------------------


def test_a_district_admin_replaces_the_vision(admin_api):
    response = admin_api.patch("/api/v1/vision/", {"statement": " Every learner ready. "}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["statement"] == "Every learner ready."
    assert response.json()["updated_at"] is not None
    assert Vision.current().statement == "Every learner ready."
    assert AuditEvent.objects.filter(action="vision.updated").count() == 1


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_only_district_admins_write_and_are_refused_before_the_input_is_read(api, role):
    made = phase()
    item = milestone(made)
    client = api(person(role))
    writes = [
        client.patch("/api/v1/vision/", {"statement": "Ours"}, format="json"),
        client.patch("/api/v1/vision/", {"statement": 42, "colour": "red"}, format="json"),
        client.post("/api/v1/roadmap-phases/", {"stage": "sustaining", "title": "Sustain"}, format="json"),
        client.patch(f"/api/v1/roadmap-phases/{made.pk}/", {"title": "Renamed"}, format="json"),
        client.delete(f"/api/v1/roadmap-phases/{made.pk}/"),
        client.post(
            "/api/v1/roadmap-milestones/",
            {"phase": made.pk, "title": "X", "due_on": "2026-01-01"},
            format="json",
        ),
        client.patch(f"/api/v1/roadmap-milestones/{item.pk}/", {"done_on": "2026-01-01"}, format="json"),
        client.delete(f"/api/v1/roadmap-milestones/{item.pk}/"),
    ]
    assert [w.status_code for w in writes] == [403] * len(writes)
    assert writes[0].json()["error"]["code"] == "permission_denied"
    assert (
        Vision.objects.exists(),
        RoadmapPhase.objects.count(),
        RoadmapMilestone.objects.get().done_on,
    ) == (
        False,
        1,
        None,
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"statement": "x" * 10_001}, "statement"),
        ({"statement": None}, "statement"),
        ({}, "statement"),
        ({"statement": "Ours", "updated_at": "2026-01-01T00:00:00Z"}, "updated_at"),
    ],
)
def test_bad_vision_input_is_a_400_naming_the_field(admin_api, body, field):
    response = admin_api.patch("/api/v1/vision/", body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == [field]


# --- Phases -------------------------------------------------------------------------------


def test_a_district_admin_adds_changes_and_removes_a_phase(admin_api):
    created = admin_api.post(
        "/api/v1/roadmap-phases/",
        {
            "stage": "moving_forward",
            "title": "Move forward",
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body | {"id": None, "updated_at": None} == {
        "id": None,
        "stage": "moving_forward",
        "stage_label": "Moving forward",
        "title": "Move forward",
        "description": "",
        "starts_on": "2026-01-01",
        "ends_on": "2026-06-30",
        "milestone_count": 0,
        "updated_at": None,
    }
    url = f"/api/v1/roadmap-phases/{body['id']}/"
    changed = admin_api.patch(url, {"description": "Scale what works.", "ends_on": None}, format="json")
    assert changed.status_code == 200, changed.content
    assert (changed.json()["description"], changed.json()["ends_on"]) == ("Scale what works.", None)
    assert admin_api.delete(url).status_code == 204
    assert not RoadmapPhase.objects.exists()


def test_phases_are_listed_in_the_stages_order(admin_api):
    phase("sustaining", title="Sustain", starts_on=D(2020, 1, 1))
    phase("getting_started", title="Begin", starts_on=D(2030, 1, 1))
    rows = admin_api.get("/api/v1/roadmap-phases/").json()["results"]
    assert [r["stage"] for r in rows] == ["getting_started", "sustaining"]


def test_a_second_phase_for_a_stage_is_a_400_naming_stage(admin_api):
    phase("getting_started")
    response = admin_api.post(
        "/api/v1/roadmap-phases/", {"stage": "getting_started", "title": "Again"}, format="json"
    )
    assert response.status_code == 400
    assert error_fields(response) == ["stage"]
    assert response.json()["error"]["message"].startswith("stage: The roadmap already has a phase")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"stage": "done", "title": "X"}, "stage"),
        ({"stage": "sustaining"}, "title"),
        ({"stage": "sustaining", "title": ""}, "title"),
        ({"stage": "sustaining", "title": "X", "starts_on": "soon"}, "starts_on"),
        (
            {"stage": "sustaining", "title": "X", "starts_on": "2026-02-01", "ends_on": "2026-01-01"},
            "ends_on",
        ),
        ({"stage": "sustaining", "title": "X", "colour": "red"}, "colour"),
    ],
)
def test_bad_phase_input_is_a_400_naming_the_field(admin_api, body, field):
    response = admin_api.post("/api/v1/roadmap-phases/", body, format="json")
    assert response.status_code == 400, response.content
    assert error_fields(response) == [field]
    assert not RoadmapPhase.objects.exists()


def test_narrowing_a_phase_past_its_milestones_is_a_400_on_that_date(admin_api):
    made = phase(starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    milestone(made, due_on=D(2026, 6, 1))
    response = admin_api.patch(f"/api/v1/roadmap-phases/{made.pk}/", {"ends_on": "2026-05-01"}, format="json")
    assert response.status_code == 400
    assert error_fields(response) == ["ends_on"]


# --- Milestones ---------------------------------------------------------------------------


def test_a_district_admin_adds_marks_done_reopens_and_removes_a_milestone(admin_api):
    made = phase(starts_on=D(2026, 1, 1))
    created = admin_api.post(
        "/api/v1/roadmap-milestones/",
        {"phase": made.pk, "title": "Kick-off", "due_on": "2026-01-15", "description": "All staff."},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body | {"id": None, "created_at": None} == {
        "id": None,
        "phase": made.pk,
        "stage": "getting_started",
        "title": "Kick-off",
        "description": "All staff.",
        "due_on": "2026-01-15",
        "done_on": None,
        "status": "overdue" if district_today() > D(2026, 1, 15) else "upcoming",
        "created_at": None,
    }
    url = f"/api/v1/roadmap-milestones/{body['id']}/"
    today = district_today().isoformat()
    done = admin_api.patch(url, {"done_on": today}, format="json")
    assert (done.status_code, done.json()["done_on"], done.json()["status"]) == (200, today, "done")
    reopened = admin_api.patch(url, {"done_on": None}, format="json")
    assert reopened.json()["done_on"] is None
    assert admin_api.delete(url).status_code == 204
    assert not RoadmapMilestone.objects.exists()
    actions = set(
        AuditEvent.objects.filter(target_type="schools.roadmapmilestone").values_list("action", flat=True)
    )
    assert actions == {
        "roadmap_milestone.created",
        "roadmap_milestone.done",
        "roadmap_milestone.reopened",
        "roadmap_milestone.deleted",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phase": 999999, "title": "X", "due_on": "2026-03-01"}, "phase"),
        ({"phase": "first", "title": "X", "due_on": "2026-03-01"}, "phase"),
        ({"title": "X", "due_on": "2026-03-01"}, "phase"),
        ({"phase": None, "title": "X", "due_on": "2026-03-01"}, "phase"),
        ({"phase": "PHASE", "due_on": "2026-03-01"}, "title"),
        ({"phase": "PHASE", "title": "X"}, "due_on"),
        ({"phase": "PHASE", "title": "X", "due_on": "2025-12-31"}, "due_on"),
        ({"phase": "PHASE", "title": "X", "due_on": "2026-07-01"}, "due_on"),
        ({"phase": "PHASE", "title": "X", "due_on": "2026-03-01", "done_on": "2999-01-01"}, "done_on"),
        ({"phase": "PHASE", "title": "X", "due_on": "2026-03-01", "status": "done"}, "status"),
    ],
)
def test_bad_milestone_input_is_a_400_naming_the_field(admin_api, body, field):
    made = phase(starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    body = {key: made.pk if value == "PHASE" else value for key, value in body.items()}
    response = admin_api.post("/api/v1/roadmap-milestones/", body, format="json")
    assert response.status_code == 400, response.content
    assert error_fields(response) == [field]
    assert not RoadmapMilestone.objects.exists()


def test_milestones_filter_by_phase_and_a_bad_phase_is_a_400(admin_api):
    first, second = phase(), phase("sustaining", title="Sustain")
    mine = milestone(first)
    milestone(second)
    rows = admin_api.get("/api/v1/roadmap-milestones/", {"phase": first.pk}).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    bad = admin_api.get("/api/v1/roadmap-milestones/", {"phase": "first"})
    assert bad.status_code == 400 and error_fields(bad) == ["phase"]


# --- Query counts -------------------------------------------------------------------------


# The district's domain lookup and search path (3), the token (1) and the actor's roles (1):
# every request through the API pays these five (after the first, which also records the
# token's use).
REQUEST_QUERIES = 5
PHASE_LIST_QUERIES = REQUEST_QUERIES + 2  # COUNT and the page
MILESTONE_LIST_QUERIES = REQUEST_QUERIES + 2  # COUNT and the page, phases joined
OVERVIEW_QUERIES = REQUEST_QUERIES + 4  # vision, phases, milestones, schools


def test_the_phase_list_takes_the_same_queries_for_one_phase_as_for_all_three(api, django_assert_num_queries):
    """At most three phases exist (one per stage), so one and three are the bounds. The
    request's own queries, COUNT and the page: a phase never costs a query of its own."""
    client = api(person(Role.TEACHER))
    client.get("/api/v1/vision/")  # the token's first use is recorded once
    phase("getting_started")
    with django_assert_num_queries(PHASE_LIST_QUERIES):
        assert client.get("/api/v1/roadmap-phases/").json()["count"] == 1
    phase("moving_forward", title="Move")
    phase("sustaining", title="Sustain")
    with django_assert_num_queries(PHASE_LIST_QUERIES):
        assert client.get("/api/v1/roadmap-phases/").json()["count"] == 3


def test_the_milestone_list_takes_the_same_queries_for_one_milestone_as_for_fifty(
    api, django_assert_num_queries
):
    """The request's own queries, COUNT and the page (with its phase joined): a milestone
    never costs a query of its own, so the list stays fast however long the roadmap grows."""
    client = api(person(Role.TEACHER))
    client.get("/api/v1/vision/")  # the token's first use is recorded once
    made = phase()
    milestone(made)
    with django_assert_num_queries(MILESTONE_LIST_QUERIES):
        assert client.get("/api/v1/roadmap-milestones/").json()["count"] == 1
    for n in range(49):
        milestone(made, title=f"M{n}")
    with django_assert_num_queries(MILESTONE_LIST_QUERIES):
        assert client.get("/api/v1/roadmap-milestones/").json()["count"] == 50


def test_the_overview_endpoint_takes_the_same_queries_however_big_the_roadmap(api, django_assert_num_queries):
    """The request's own queries, then the overview's four (vision, phases, milestones,
    schools): the district dashboard and the roadmap page rely on it staying four."""
    client = api(person(Role.TEACHER))
    client.get("/api/v1/vision/")  # the token's first use is recorded once
    made = phase()
    milestone(made)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get("/api/v1/roadmap/")
    for n in range(49):
        milestone(made, title=f"M{n}")
    SchoolFactory.create_batch(50)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        assert len(client.get("/api/v1/roadmap/").json()["phases"][0]["milestones"]) == 50
