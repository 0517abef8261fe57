"""Pages for assessment windows (completion, CSV), on riverside's host."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import AssessmentWindow, Framework, SelfAssessment
from assessments.windows.services import window_open
from core.roles import Role
from tests.factories import SchoolFactory, person
from tests.support import days, get, post, signed_in

pytestmark = pytest.mark.django_db

SUPPRESSED = "Fewer than 5 people — not shown"


def text_of(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def educators():
    return Framework.objects.get(audience="educators", title__startswith="Lodestar")


def submit_self_assessment(framework, who):
    return SelfAssessment.objects.create(
        person=who, framework=framework, status="submitted", submitted_at=datetime.datetime.now(datetime.UTC)
    )


@pytest.fixture
def two_schools(educators):
    """Big School: 6 teachers, 4 submitted. Small School: 3 teachers (suppressed)."""
    big, small = SchoolFactory(name="Big School"), SchoolFactory(name="Small School")
    big_staff = [person(Role.TEACHER, school=big) for _ in range(6)]
    for teacher in big_staff[:4]:
        submit_self_assessment(educators, teacher)
    small_staff = [person(Role.TEACHER, school=small) for _ in range(3)]
    return big, small, big_staff, small_staff


@pytest.fixture
def window(educators, two_schools):
    return window_open(
        actor=person(Role.CENTRAL_OFFICE),
        framework=educators,
        title="Fall self-assessment",
        roles=["teacher"],
        opens_on=days(-3),
        closes_on=days(7),
    )


def test_central_office_opens_a_window_through_the_form(client, educators):
    central = signed_in(client, person(Role.CENTRAL_OFFICE))
    school = SchoolFactory(name="Form School")
    page = get(central, "/windows/")
    assert page.status_code == 200
    assert "Open a window" in text_of(page)
    assert [f.title for f in page.context["form"].fields["framework"].queryset] == sorted(
        Framework.objects.filter(adoption_status="adopted").values_list("title", flat=True)
    )

    response = post(
        central,
        "/windows/",
        {
            "framework": educators.pk,
            "title": "Spring check",
            "roles": ["teacher", "coach"],
            "schools": [school.pk],
            "opens_on": str(days(0)),
            "closes_on": str(days(14)),
            "reminder_days": "7, 1, 3",
        },
    )

    created = AssessmentWindow.objects.get(title="Spring check")
    assert response.status_code == 302 and response["Location"] == f"/windows/{created.pk}/"
    assert created.roles == ["coach", "teacher"] and created.reminder_days == [7, 3, 1]
    assert list(created.schools.all()) == [school]
    listing = text_of(get(central, "/windows/"))
    assert "Spring check" in listing and "Form School" in listing and "Open" in listing


def test_a_bad_date_pair_and_bad_reminders_show_next_to_their_fields(client, educators):
    central = signed_in(client, person(Role.CENTRAL_OFFICE))
    body = {
        "framework": educators.pk,
        "title": "Backwards",
        "roles": ["teacher"],
        "opens_on": str(days(10)),
        "closes_on": str(days(1)),
        "reminder_days": "7",
    }
    response = post(central, "/windows/", body)
    assert response.status_code == 400
    assert response.context["form"].errors["closes_on"] == ["A window cannot close before it opens."]
    assert 'id="id_closes_on_error"' in response.content.decode()
    assert not AssessmentWindow.objects.filter(title="Backwards").exists()

    response = post(central, "/windows/", {**body, "closes_on": str(days(20)), "reminder_days": "7, soon"})
    assert response.status_code == 400 and "reminder_days" in response.context["form"].errors
    response = post(central, "/windows/", {**body, "closes_on": str(days(20)), "reminder_days": "120"})
    assert response.context["form"].errors["reminder_days"] == [
        "Reminders are whole days before closing, between 0 and 90."
    ]


def test_completion_table_shows_numbers_and_a_suppressed_row(client, window):
    central = signed_in(client, person(Role.CENTRAL_OFFICE))
    response = get(central, f"/windows/{window.pk}/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Big School 6 4 67%" in page
    assert f"Small School {SUPPRESSED}" in page
    assert 'value="0.667"' in response.content.decode(), "the meter carries the same rate"
    assert '<th scope="row">Big School</th>' in response.content.decode()


def test_principal_sees_only_their_school(client, window, two_schools):
    big, *_ = two_schools
    principal = signed_in(client, person(Role.SCHOOL_LEADER, school=big))
    listing = get(principal, "/windows/")
    assert f'href="/windows/{window.pk}/"' in listing.content.decode()
    page = text_of(get(principal, f"/windows/{window.pk}/"))
    assert "Big School 6 4 67%" in page
    assert "Small School" not in page


def test_teacher_sees_the_list_without_the_form_or_completion(client, window, two_schools):
    _, _, big_staff, _ = two_schools
    teacher = signed_in(client, big_staff[0])
    response = get(teacher, "/windows/")
    assert response.status_code == 200
    assert "Fall self-assessment" in text_of(response)
    assert response.context["form"] is None and "Open a window" not in text_of(response)
    assert f"/windows/{window.pk}/" not in response.content.decode()
    assert get(teacher, f"/windows/{window.pk}/").status_code == 403
    assert get(teacher, f"/windows/{window.pk}/completion.csv").status_code == 403
    assert post(teacher, "/windows/", {"title": "x"}).status_code == 403
    assert ">Windows<" not in response.content.decode(), "no navigation link for teachers"


def test_completion_downloads_as_csv_with_the_same_numbers(client, window):
    central = signed_in(client, person(Role.CENTRAL_OFFICE))
    response = get(central, f"/windows/{window.pk}/completion.csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        ["School", "In scope", "Submitted", "Rate (%)", "Note"],
        ["Big School", "6", "4", "66.7", ""],
        ["Small School", "", "", "", SUPPRESSED],
    ]


def test_window_list_queries_do_not_grow_with_windows(client, educators):
    central = person(Role.CENTRAL_OFFICE)
    signed_in(client, central)
    schools = [SchoolFactory() for _ in range(2)]

    def open_one(n):
        window_open(
            actor=central,
            framework=educators,
            title=f"W{n}",
            roles=["teacher"],
            opens_on=days(0),
            closes_on=days(5),
            schools=schools,
        )

    open_one(0)
    with CaptureQueriesContext(connection) as one:
        get(client, "/windows/")
    for n in range(1, 6):
        open_one(n)
    with CaptureQueriesContext(connection) as six:
        assert text_of(get(client, "/windows/")).count("W") >= 6
    assert len(six) == len(one)
