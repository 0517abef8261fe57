"""Assessment windows: scope, completion with small-group suppression, reminders once."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Framework, SelfAssessment, WindowReminder
from assessments.tasks import remind_windows
from assessments.windows.services import window_remind_due
from core.roles import Role
from core.time import district_today
from tests.factories import SchoolFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def educators():
    return Framework.objects.get(audience="educators", title__startswith="Lodestar")


def open_window(api, actor, framework, **overrides):
    today = district_today()
    body = {
        "framework": framework.pk,
        "title": "Fall self-assessment",
        "roles": ["teacher"],
        "opens_on": str(today - datetime.timedelta(days=3)),
        "closes_on": str(today + datetime.timedelta(days=7)),
        "reminder_days": [7, 1],
        **overrides,
    }
    response = api(actor).post("/api/v1/assessment-windows/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def submit(framework, teacher):
    return SelfAssessment.objects.create(
        person=teacher,
        framework=framework,
        status="submitted",
        submitted_at=datetime.datetime.now(datetime.UTC),
    )


def test_central_office_opens_a_window_and_teachers_in_scope_see_it_pending(api, educators):
    central = person(Role.CENTRAL_OFFICE)
    big, small = SchoolFactory(), SchoolFactory()
    window = open_window(api, central, educators, schools=[big.pk])
    inside, outside = person(Role.TEACHER, school=big), person(Role.TEACHER, school=small)
    assert [
        w["id"] for w in api(inside).get("/api/v1/assessment-windows/", {"pending": "true"}).json()["results"]
    ] == [window["id"]]
    assert api(outside).get("/api/v1/assessment-windows/", {"pending": "true"}).json()["results"] == []
    submit(educators, inside)
    assert api(inside).get("/api/v1/assessment-windows/", {"pending": "true"}).json()["results"] == []


def test_bad_windows_name_the_field(api, educators):
    central = person(Role.CENTRAL_OFFICE)
    today = district_today()
    response = api(central).post(
        "/api/v1/assessment-windows/",
        {"framework": educators.pk, "title": "x", "roles": ["teacher"], "opens_on": str(today),
         "closes_on": str(today - datetime.timedelta(days=1))},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "closes_on" in response.json()["error"]["fields"]
    assert api(person(Role.TEACHER)).post("/api/v1/assessment-windows/", {}, format="json").status_code in (
        400,
        403,
    )


def test_completion_per_school_suppresses_small_groups_and_principals_see_their_own(api, educators):
    central = person(Role.CENTRAL_OFFICE)
    big, small = SchoolFactory(name="Big School"), SchoolFactory(name="Small School")
    big_staff = [person(Role.TEACHER, school=big) for _ in range(6)]
    [person(Role.TEACHER, school=small) for _ in range(3)]
    for teacher in big_staff[:4]:
        submit(educators, teacher)
    window = open_window(api, central, educators)

    rows = {
        r["school_name"]: r
        for r in api(central).get(f"/api/v1/assessment-windows/{window['id']}/completion/").json()["results"]
    }
    assert rows["Big School"] == {
        "school": big.pk,
        "school_name": "Big School",
        "suppressed": False,
        "in_scope": 6,
        "submitted": 4,
        "rate": 0.667,
    }
    assert rows["Small School"]["suppressed"] and rows["Small School"]["submitted"] is None

    principal = person(Role.SCHOOL_LEADER, school=big)
    mine = api(principal).get(f"/api/v1/assessment-windows/{window['id']}/completion/").json()["results"]
    assert [r["school_name"] for r in mine] == ["Big School"]
    teacher_view = api(big_staff[0]).get(f"/api/v1/assessment-windows/{window['id']}/completion/")
    assert teacher_view.status_code == 403


def test_reminders_go_once_per_person_per_window_per_point(api, educators, riverside):
    central = person(Role.CENTRAL_OFFICE)
    school = SchoolFactory()
    waiting = [person(Role.TEACHER, school=school) for _ in range(3)]
    done = person(Role.TEACHER, school=school)
    submit(educators, done)
    open_window(api, central, educators)  # closes in 7 days: a reminder point

    remind_windows.delay()
    connection.set_tenant(riverside)
    remind_windows.delay()
    connection.set_tenant(riverside)
    assert window_remind_due() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(t.email for t in waiting)
    assert WindowReminder.objects.filter(days_before=7).count() == 3
    assert "closes on" in mail.outbox[0].subject

    assert window_remind_due(today=district_today() + datetime.timedelta(days=3)) == 0, "not a reminder day"
    assert window_remind_due(today=district_today() + datetime.timedelta(days=6)) == 3, "the one-day reminder"
    assert window_remind_due(today=district_today() + datetime.timedelta(days=6)) == 0


def test_a_reminder_recorded_by_a_concurrent_run_is_not_sent_again(api, educators):
    central = person(Role.CENTRAL_OFFICE)
    teacher = person(Role.TEACHER)
    window = open_window(api, central, educators)
    WindowReminder.objects.create(
        window_id=window["id"], person=teacher, days_before=7
    )  # the other worker's row
    assert window_remind_due() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("people", [1, 50])
def test_reminder_job_query_count_does_not_grow_with_people(people, api, educators):
    central = person(Role.CENTRAL_OFFICE)
    school = SchoolFactory()
    for _ in range(people):
        person(Role.TEACHER, school=school)
    open_window(api, central, educators)
    with CaptureQueriesContext(connection) as captured:
        assert window_remind_due() == people
    # The search path, open windows, then per window a savepoint, who owes a reminder, the
    # INSERT ... RETURNING, the recipients and the release: the same for one or fifty.
    assert len(captured) == 8, "\n".join(q["sql"] for q in captured)


def test_a_failed_send_records_nothing_and_the_next_run_sends(api, educators):
    from smtplib import SMTPException
    from unittest import mock

    central = person(Role.CENTRAL_OFFICE)
    waiting = person(Role.TEACHER)
    open_window(api, central, educators)
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=SMTPException("mail server down"),
    ):
        assert window_remind_due() == 0
    assert not WindowReminder.objects.filter(person=waiting).exists()
    assert window_remind_due() == 1 and mail.outbox[0].to == [waiting.email]


def test_a_missed_day_is_caught_up_with_the_latest_reminder_point(api, educators):
    central = person(Role.CENTRAL_OFFICE)
    person(Role.TEACHER)
    open_window(api, central, educators, reminder_days=[10, 1])  # closes in 7 days: the 10-day point passed
    assert window_remind_due() == 1
    assert WindowReminder.objects.filter(days_before=10).count() == 1
