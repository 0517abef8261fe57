"""Observations and walkthroughs through the API: inside and outside a cycle, evidence
tagged to indicators and levels, and attachments checked by type, content and size,
stored per district and served only through the API."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coaching.models import Attachment, EvidenceItem, Observation
from core.models import AuditEvent
from core.roles import Role
from core.time import district_today
from notifications.models import Kind, Notification
from tests.coaching.cycles.test_cycles import advance, error_fields, leaders, level, live_indicators, start
from tests.factories import SchoolFactory, person
from tests.support import get

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 40
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00" * 40


def docx(inner="word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(inner, "<w:document/>")
    return buffer.getvalue()


def today() -> str:
    return str(district_today())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def observing(world, api):
    """A cycle of the coach with the teacher, in observing."""
    cycle = start(api(world.coach), world.teacher)
    advance(api(world.coach), cycle["id"], "observing")
    return cycle


def record(client, **body):
    return client.post("/api/v1/observations/", body, format="json")


def test_the_coach_records_an_observation_in_the_cycle_with_evidence(world, api, observing):
    first, second = live_indicators(n=2)
    response = record(
        api(world.coach),
        cycle=observing["id"],
        observed=world.teacher.pk,
        observed_on=today(),
        kind="walkthrough",
        notes="Students explained their thinking in pairs.",
        evidence=[
            {"indicator": first.pk, "level": level().pk, "note": "Most pairs talked about the task."},
            {"indicator": second.pk},
        ],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["cycle"] == observing["id"] and body["kind"] == "walkthrough"
    assert body["observer"] == {"id": world.coach.pk, "name": "Cora Coach"}
    assert body["observed"]["id"] == world.teacher.pk
    assert body["school"]["id"] == world.school.pk, "the school defaults to the observed person's"
    assert body["evidence"][0]["indicator"] == {"id": first.pk, "code": first.code, "title": first.label}
    assert body["evidence"][0]["level"] == {"id": level().pk, "name": "Developing"}
    assert body["evidence"][1]["level"] is None
    assert body["shared_with_supervisor"] is False and body["attachments"] == []
    notice = Notification.objects.get(recipient=world.teacher, kind=Kind.OBSERVATION_RECORDED)
    assert "Cora Coach" in notice.title and "walkthrough" in notice.title
    assert notice.url == reverse("coaching:observation-detail", args=[body["id"]])
    assert AuditEvent.objects.filter(action="observation.recorded", target_id=str(body["id"])).exists()


def test_inside_a_cycle_only_its_coach_observes_only_its_coachee(world, api, observing):
    body = {"cycle": observing["id"], "observed": world.teacher.pk, "observed_on": today()}
    principal = record(api(world.principal), **body)
    assert principal.status_code == 403, "the supervisor is not the cycle's coach"
    someone_else = record(api(world.coach), **(body | {"observed": world.colleague.pk}))
    assert someone_else.status_code == 400 and "observed" in error_fields(someone_else)
    hidden = record(api(world.colleague), **(body | {"observed": world.coach.pk}))
    assert hidden.status_code == 400 and "cycle" in error_fields(hidden), "an invisible cycle is a bad id"
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"observed_on": "tomorrow"}, "observed_on"),
        ({"observed_on": "2025-13-01"}, "observed_on"),
        ({"kind": "inspection"}, "kind"),
        ({"notes": "x" * 20_001}, "notes"),
        ({"evidence": [{"indicator": 999_999_999}]}, "evidence[0].indicator"),
        ({"evidence": [{"indicator": "one"}]}, "evidence"),
        ({"evidence": "lots"}, "evidence"),
        ({"school": 999_999_999}, "school"),
        ({"observed": 999_999_999}, "observed"),
        ({"secret": 1}, "secret"),
    ],
)
def test_bad_observation_input_is_a_400_naming_the_field(world, api, observing, change, field):
    body = {"cycle": observing["id"], "observed": world.teacher.pk, "observed_on": today()} | change
    if body["observed_on"] == "tomorrow":
        body["observed_on"] = str(district_today() + datetime.timedelta(days=1))
    response = record(api(world.coach), **body)
    assert response.status_code == 400, response.content
    assert field in error_fields(response)
    assert not Observation.objects.exists()


def test_a_level_must_belong_to_the_indicators_framework(world, api, observing):
    indicator = live_indicators(n=1)[0]
    response = record(
        api(world.coach),
        cycle=observing["id"],
        observed=world.teacher.pk,
        observed_on=today(),
        evidence=[{"indicator": indicator.pk}, {"indicator": indicator.pk, "level": level(leaders()).pk}],
    )
    assert response.status_code == 400
    assert error_fields(response) == {"evidence[1].level": ["Choose a level of this indicator's framework."]}


def test_a_walkthrough_outside_a_cycle_needs_someone_who_may_coach(world, api):
    coach = api(world.coach)
    done = record(coach, observed=world.colleague.pk, observed_on=today(), kind="walkthrough")
    assert done.status_code == 201 and done.json()["cycle"] is None
    by_principal = record(api(world.principal), observed=world.teacher.pk, observed_on=today())
    assert by_principal.status_code == 201, "a principal observes the teachers they supervise"
    not_theirs = record(api(world.principal), observed=world.colleague.pk, observed_on=today())
    assert not_theirs.status_code == 400 and "observed" in error_fields(not_theirs)
    teacher = record(api(world.colleague), observed=world.teacher.pk, observed_on=today())
    assert teacher.status_code == 403, "teachers lead no coaching"
    oneself = record(coach, observed=world.coach.pk, observed_on=today())
    assert oneself.status_code == 400 and "observed" in error_fields(oneself)


def test_the_school_must_be_one_where_the_observed_person_works(world, api):
    teaching_there = SchoolFactory()
    world.teacher.memberships.create(
        role=Role.TEACHER, school=teaching_there, start_date=datetime.date(2024, 8, 1)
    )
    coach = api(world.coach)
    there = record(coach, observed=world.teacher.pk, observed_on=today(), school=teaching_there.pk)
    assert there.status_code == 201 and there.json()["school"]["id"] == teaching_there.pk
    elsewhere = record(coach, observed=world.teacher.pk, observed_on=today(), school=world.elsewhere.pk)
    assert elsewhere.status_code == 400 and "school" in error_fields(elsewhere)


def test_the_observer_corrects_an_observation_and_nobody_else_can(world, api, observing):
    coach = api(world.coach)
    created = record(
        coach,
        cycle=observing["id"],
        observed=world.teacher.pk,
        observed_on=today(),
        evidence=[{"indicator": live_indicators(n=1)[0].pk}],
    ).json()
    path = f"/api/v1/observations/{created['id']}/"
    replacement = live_indicators(n=3)[2]
    changed = coach.patch(
        path,
        {
            "notes": "Revised.",
            "kind": "co_teaching",
            "evidence": [{"indicator": replacement.pk, "note": "Yes"}],
        },
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["notes"] == "Revised." and changed.json()["kind"] == "co_teaching"
    assert [e["indicator"]["id"] for e in changed.json()["evidence"]] == [replacement.pk]
    assert EvidenceItem.objects.filter(observation_id=created["id"]).count() == 1
    future = str(district_today() + datetime.timedelta(days=3))
    assert coach.patch(path, {"observed_on": future}, format="json").status_code == 400
    assert api(world.teacher).patch(path, {"notes": "Not what happened"}, format="json").status_code == 403
    assert api(world.colleague).patch(path, {"notes": "?"}, format="json").status_code == 404


def test_observation_list_filters(world, api, observing):
    coach = api(world.coach)
    old_day = str(district_today() - datetime.timedelta(days=20))
    in_cycle = record(coach, cycle=observing["id"], observed=world.teacher.pk, observed_on=today()).json()
    walk = record(coach, observed=world.colleague.pk, observed_on=old_day, kind="walkthrough").json()

    def ids(**params):
        response = coach.get("/api/v1/observations/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {in_cycle["id"], walk["id"]}
    assert ids(cycle=observing["id"]) == {in_cycle["id"]}
    assert ids(observed=world.colleague.pk) == {walk["id"]}
    assert ids(kind="walkthrough") == {walk["id"]}
    assert ids(observed_from=str(district_today() - datetime.timedelta(days=5))) == {in_cycle["id"]}
    assert ids(observed_to=old_day) == {walk["id"]}
    for bad in ({"observed_from": "last week"}, {"kind": "lecture"}, {"cycle": "first"}):
        response = coach.get("/api/v1/observations/", bad)
        assert response.status_code == 400 and set(bad) <= set(error_fields(response))


# --- Attachments ---------------------------------------------------------------------------


@pytest.fixture
def observation(world, api, observing):
    return record(
        api(world.coach), cycle=observing["id"], observed=world.teacher.pk, observed_on=today()
    ).json()


def attach(client, observation_id, name, content, content_type="application/octet-stream"):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(
        f"/api/v1/observations/{observation_id}/attachments/", {"file": upload}, format="multipart"
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("lesson.png", PNG, "image/png"),
        ("board.JPG", JPEG, "image/jpeg"),
        ("board.jpeg", JPEG, "image/jpeg"),
        ("plan.pdf", PDF, "application/pdf"),
        ("notes.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("clip.mp4", MP4, "video/mp4"),
        ("clip.mov", MOV, "video/quicktime"),
    ],
)
def test_allowed_files_are_stored_under_the_districts_folder(world, api, media, observation, name, content,
                                                             content_type):  # fmt: skip
    response = attach(api(world.coach), observation["id"], name, content, "text/plain")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["original_name"] == name and body["size"] == len(content)
    assert body["content_type"] == content_type, "the type comes from what was checked, not from the client"
    stored = Attachment.objects.get(pk=body["id"])
    assert stored.file.name.startswith(f"districts/riverside/observations/{observation['id']}/")
    assert name not in stored.file.name, "stored under a random name"
    assert (Path(media) / stored.file.name).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("lesson.png", b"just some text pretending to be an image", "not really a PNG"),
        ("lesson.png", JPEG, "not really a PNG"),
        ("plan.pdf", b"<html>phish</html>", "not really a PDF"),
        ("notes.docx", docx(inner="xl/workbook.xml"), "not really a Word"),
        ("notes.docx", b"PK\x03\x04 not a zip at all", "not really a Word"),
        ("clip.mp4", b"\x00" * 64, "not really an MP4"),
        ("tool.exe", b"MZ\x90\x00", "not accepted"),
        ("page.html", b"<html></html>", "not accepted"),
        ("no-extension", PNG, "not accepted"),
        ("empty.png", b"", "empty"),
    ],
)
def test_files_are_refused_by_type_and_content(world, api, media, observation, name, content, says):
    response = attach(api(world.coach), observation["id"], name, content, "image/png")
    assert response.status_code == 400, response.content
    message = error_fields(response)["file"][0]
    assert says in message
    if says != "empty":
        assert ".pdf" in message and ".png" in message, "the refusal says what is allowed"
    assert not Attachment.objects.exists()
    assert not any(Path(media).rglob("*.*")), "nothing refused is written to disk"


def test_files_over_the_size_limit_are_refused(world, api, media, observation, settings):
    settings.COACHING_ATTACHMENT_MAX_BYTES = 64
    at_limit = PNG + b"\x00" * (64 - len(PNG))
    assert attach(api(world.coach), observation["id"], "ok.png", at_limit).status_code == 201
    response = attach(api(world.coach), observation["id"], "big.png", at_limit + b"\x00")
    assert response.status_code == 400
    assert (
        "too large" in error_fields(response)["file"][0]
        and "up to 0 KB" not in error_fields(response)["file"][0]
    )


def test_a_missing_file_field_is_a_400_on_file(world, api, media, observation):
    response = api(world.coach).post(
        f"/api/v1/observations/{observation['id']}/attachments/", {}, format="multipart"
    )
    assert response.status_code == 400 and "file" in error_fields(response)


def test_only_the_observer_attaches_files(world, api, media, observation):
    response = attach(api(world.teacher), observation["id"], "mine.png", PNG)
    assert response.status_code == 403
    assert attach(api(world.colleague), observation["id"], "mine.png", PNG).status_code == 404


def test_attachments_are_downloaded_through_the_api_with_the_observations_visibility(world, api, media,
                                                                                   observation):  # fmt: skip
    uploaded = attach(api(world.coach), observation["id"], "lesson plan.pdf", PDF).json()
    path = uploaded["download"]
    assert path == f"/api/v1/observations/{observation['id']}/attachments/{uploaded['id']}/"
    for who in (world.coach, world.teacher, world.admin):
        response = api(who).get(path)
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="lesson plan.pdf"'
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
    for who in (world.principal, world.colleague, world.other_coach, world.central):
        assert api(who).get(path).status_code == 404
    api(world.teacher).post(
        f"/api/v1/observations/{observation['id']}/share/", {"shared": True}, format="json"
    )
    assert api(world.principal).get(path).status_code == 200, "shared with the supervisor, files included"
    assert AuditEvent.objects.filter(
        action="observation.read", actor=world.principal, target_id=str(observation["id"])
    ).exists()
    other = api(world.coach).get(f"/api/v1/observations/{observation['id']}/attachments/999999999/")
    assert other.status_code == 404
    huge = api(world.coach).get(f"/api/v1/observations/{observation['id']}/attachments/{10**30}/")
    assert huge.status_code == 404


def test_a_file_gone_from_storage_is_a_404_on_the_page_and_in_the_api(world, api, client, media, observation):
    uploaded = attach(api(world.coach), observation["id"], "lesson plan.pdf", PDF).json()
    stored = Attachment.objects.get(pk=uploaded["id"])
    stored.file.storage.delete(stored.file.name)
    assert api(world.coach).get(uploaded["download"]).status_code == 404
    client.force_login(world.coach)
    page = reverse("coaching:attachment-download", args=[observation["id"], uploaded["id"]])
    assert get(client, page).status_code == 404


def test_attachments_are_never_served_from_a_public_media_url(world, api, media, observation):
    attach(api(world.coach), observation["id"], "lesson.png", PNG)
    stored = Attachment.objects.get()
    assert api(world.coach).get(f"/media/{stored.file.name}").status_code == 404
    assert api().get(f"/media/{stored.file.name}").status_code == 404


def test_a_closed_cycles_observations_take_no_more_files_or_changes(
    world, api, media, observation, observing
):
    advance(api(world.coach), observing["id"], "closed")
    # Closing the cycle also ends the coach's access to it (coaching/relations.py): gone.
    response = attach(api(world.coach), observation["id"], "late.png", PNG)
    assert response.status_code == 404
    changed = api(world.coach).patch(
        f"/api/v1/observations/{observation['id']}/", {"notes": "x"}, format="json"
    )
    assert changed.status_code == 404
    kept = Observation.objects.get(pk=observation["id"])
    assert kept.notes != "x" and not kept.attachments.exists()


def test_an_observation_of_a_teacher_elsewhere_names_their_school(api):
    school = SchoolFactory()
    coach, teacher = person(Role.COACH, school), person(Role.TEACHER, school)
    created = record(api(coach), observed=teacher.pk, observed_on=today()).json()
    assert created["school"] == {"id": school.pk, "name": school.name}


def test_services_take_ids_as_pages_send_them(world, api, observing):
    """Forms hand over strings; a string that is no id is a refusal on that field, never a 500."""
    from coaching.cycles.services.lifecycle import cycle_update
    from coaching.cycles.services.observations import observation_record
    from coaching.models import CoachingCycle

    indicator = live_indicators(n=1)[0]
    cycle = CoachingCycle.objects.get(pk=observing["id"])
    made = observation_record(
        actor=world.coach, observed=world.teacher, observed_on=district_today(), kind="observation", cycle=cycle,
        evidence=[{"indicator": str(indicator.pk), "level": str(level().pk), "note": ""}, {"indicator": str(indicator.pk), "level": ""}],
    )  # fmt: skip
    assert [(e.indicator_id, e.level_id) for e in made.evidence.all()] == [
        (indicator.pk, level().pk),
        (indicator.pk, None),
    ]
    with pytest.raises(ValidationError) as refused:
        observation_record(
            actor=world.coach, observed=world.teacher, observed_on=district_today(), kind="observation",
            cycle=cycle, evidence=[{"indicator": "first"}],
        )  # fmt: skip
    assert set(refused.value.message_dict) == {"evidence[0].indicator"}
    with pytest.raises(ValidationError) as refused:
        cycle_update(actor=world.coach, cycle=cycle, focus_indicator_ids=["x"])
    assert set(refused.value.message_dict) == {"focus_indicators"}
    cycle_update(actor=world.coach, cycle=cycle, focus_indicator_ids=[str(indicator.pk)])
    assert list(cycle.focus_indicators.all()) == [indicator]
