"""Pages for staff perception (asking, answering, the report), on riverside's host."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import (
    Framework,
    Item,
    ItemKind,
    Level,
    PerceptionInvitation,
    PerceptionSurvey,
    SelfAssessment,
)
from assessments.perception import services
from core.roles import Role
from tests.assessments.windows.test_window_pages import text_of
from tests.factories import SchoolFactory, person
from tests.support import days, get, post, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def b21():
    return Framework.objects.get(title__startswith="Building 21")


@pytest.fixture
def school_with_staff():
    school = SchoolFactory(name="Perception School")
    principal = person(Role.SCHOOL_LEADER, school=school, first_name="Paula", last_name="Principal")
    staff = [person(Role.TEACHER, school=school) for _ in range(6)]
    return school, principal, staff


@pytest.fixture
def survey(b21, school_with_staff):
    school, principal, _ = school_with_staff
    return services.perception_survey_open(actor=principal, framework=b21, school=school, closes_on=days(14))


def all_ratings(framework, level_name):
    level = Level.objects.get(framework=framework, name=level_name)
    return [
        {"indicator": pk, "level": level.pk}
        for pk in Item.objects.filter(
            framework=framework, kind=ItemKind.INDICATOR, is_retired=False
        ).values_list("pk", flat=True)
    ]


def test_leader_opens_a_survey_through_the_form(client, b21, school_with_staff):
    school, principal, _ = school_with_staff
    leader = signed_in(client, principal)
    page = get(leader, "/perception/")
    assert page.status_code == 200 and "Ask your staff" in text_of(page)
    form = page.context["form"]
    assert list(form.fields["school"].queryset) == [school]
    assert all(f.audience == "leaders" for f in form.fields["framework"].queryset)

    past = post(leader, "/perception/", {"framework": b21.pk, "school": school.pk, "closes_on": str(days(0))})
    assert past.status_code == 400
    assert past.context["form"].errors["closes_on"] == ["The survey must close in the future."]

    response = post(
        leader, "/perception/", {"framework": b21.pk, "school": school.pk, "closes_on": str(days(21))}
    )
    assert response.status_code == 302
    created = PerceptionSurvey.objects.get(leader=principal)
    assert created.invitations.count() == 6
    listing = text_of(get(leader, "/perception/"))
    assert "0 of 6" in listing and b21.title in listing


def test_staff_member_answers_once_through_the_form(client, b21, survey, school_with_staff):
    _, _, staff = school_with_staff
    teacher = signed_in(client, staff[0])
    listing = get(teacher, "/perception/")
    assert f"/perception/{survey.pk}/answer/" in listing.content.decode()
    assert ">Staff perception<" in listing.content.decode(), "an open invitation shows the link"

    form_page = get(teacher, f"/perception/{survey.pk}/answer/")
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert "anonymous" in html and "cannot change them" in html
    assert html.count("<fieldset") == 24 and html.count("<legend>") == 24
    assert '<h2 id="competency-' in html and 'type="radio"' in html

    levels = {lv.name: lv.pk for lv in Level.objects.filter(framework=b21)}
    indicators = list(
        Item.objects.filter(framework=b21, kind=ItemKind.INDICATOR, is_retired=False).values_list(
            "pk", flat=True
        )
    )
    answers = {f"indicator-{pk}": levels["Proficient"] for pk in indicators[:10]}
    response = post(teacher, f"/perception/{survey.pk}/answer/", answers)
    assert response.status_code == 302 and response["Location"] == "/perception/"
    after = get(teacher, "/perception/")
    assert "Thank you" in text_of(after)
    assert f"/perception/{survey.pk}/answer/" not in after.content.decode()
    assert PerceptionInvitation.objects.get(survey=survey, person=staff[0]).has_responded
    assert survey.responses.get().ratings.count() == 10

    again = post(teacher, f"/perception/{survey.pk}/answer/", answers)
    assert again.status_code == 400
    assert "You have already answered" in text_of(again)
    assert survey.responses.count() == 1
    assert "You have answered this survey" in text_of(get(teacher, f"/perception/{survey.pk}/answer/"))


def test_an_empty_answer_is_refused(client, survey, school_with_staff):
    _, _, staff = school_with_staff
    response = post(signed_in(client, staff[1]), f"/perception/{survey.pk}/answer/", {})
    assert response.status_code == 400 and "Rate at least one indicator." in text_of(response)


def test_report_waits_for_five_answers_then_shows_the_tables(client, b21, survey, school_with_staff):
    _, principal, staff = school_with_staff
    leader = signed_in(client, principal)
    for teacher in staff[:3]:
        services.perception_respond(actor=teacher, survey=survey, ratings=all_ratings(b21, "Developing"))
    waiting = get(leader, f"/perception/{survey.pk}/report/")
    assert waiting.status_code == 200
    page = text_of(waiting)
    assert "3 answers so far" in page and "open until" in page
    assert "at least 5 answers" in page and "<table" not in waiting.content.decode()

    for teacher in staff[3:5]:
        services.perception_respond(actor=teacher, survey=survey, ratings=all_ratings(b21, "Developing"))
    closed = leader.post(f"/perception/{survey.pk}/close/", HTTP_HOST="riverside.localhost")
    assert closed.status_code == 302
    with CaptureQueriesContext(connection) as queries:
        ready = get(leader, f"/perception/{survey.pk}/report/")
    html = ready.content.decode()
    assert ready.status_code == 200 and html.count("<table") == 3
    page = text_of(ready)
    assert "By competency" in page and "By theme" in page and "By indicator" in page
    assert "LC.1" in page and "2.00" in page and "Espoused and lived culture" in page
    assert "has not submitted a self-assessment" in page
    indicators = html[html.index('id="indicators-heading"') :]
    assert indicators.index("LC.1.1") < indicators.index("LC.1.2") < indicators.index("LC.2.1"), (
        "outline order"
    )
    assert len(queries) < 30, "the report is a handful of queries, not one per row"


def test_report_shows_the_gap_in_words(client, b21, survey, school_with_staff):
    _, principal, staff = school_with_staff
    for teacher in staff[:5]:
        services.perception_respond(actor=teacher, survey=survey, ratings=all_ratings(b21, "Developing"))
    own = SelfAssessment.objects.create(
        person=principal, framework=b21, status="submitted", submitted_at=datetime.datetime.now(datetime.UTC)
    )
    own.ratings.bulk_create(
        own.ratings.model(self_assessment=own, indicator_id=r["indicator"], level_id=r["level"])
        for r in all_ratings(b21, "Advanced")
    )
    services.perception_survey_close(actor=principal, survey=survey)
    page = text_of(get(signed_in(client, principal), f"/perception/{survey.pk}/report/"))
    assert "4.00 2.00 -2.00 staff see less" in page


def test_a_teacher_asking_for_the_report_gets_404(client, survey, school_with_staff):
    _, _, staff = school_with_staff
    teacher = signed_in(client, staff[0])
    assert get(teacher, f"/perception/{survey.pk}/report/").status_code == 404
    outsider = signed_in(client, person(Role.TEACHER))
    assert get(outsider, f"/perception/{survey.pk}/answer/").status_code == 404
    assert get(outsider, f"/perception/{survey.pk}/report/").status_code == 404


def test_central_office_sees_other_leaders_surveys(client, survey):
    central = signed_in(client, person(Role.CENTRAL_OFFICE))
    response = get(central, "/perception/")
    assert response.context["form"] is None
    assert "Paula Principal" in text_of(response)
    assert get(central, f"/perception/{survey.pk}/report/").status_code == 200
