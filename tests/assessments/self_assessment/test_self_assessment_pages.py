"""The self-assessment pages: list and start, the autosaved rubric form, submit, results."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Framework, Item, ItemKind, Level, Rating, SelfAssessment
from assessments.self_assessment.grid import rating_grid
from core.models import AuditEvent
from core.roles import Role
from tests.factories import MembershipFactory, SupervisionFactory, person
from tests.support import get, post, shown_date

pytestmark = pytest.mark.django_db

B21 = "Building 21 Leadership Competencies"


@pytest.fixture
def educators():
    return Framework.objects.get(
        audience="educators", adoption_status="adopted", title__startswith="Lodestar"
    )


def htmx(client, path, data=None):
    return post(client, path, data, HX_Request="true")


def text_of(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


def indicators(framework):
    return list(
        Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False).order_by(
            "depth", "sequence", "id"
        )
    )


def level(framework, name):
    return Level.objects.get(framework=framework, name=name)


def start(client, framework) -> SelfAssessment:
    response = post(client, "/self-assessments/start/", {"framework": framework.pk})
    assert response.status_code == 302, response.content
    sa_id = int(re.search(r"/self-assessments/(\d+)/$", response["Location"]).group(1))
    return SelfAssessment.objects.get(pk=sa_id)


def rate(client, sa, indicator, **data):
    return htmx(client, f"/self-assessments/{sa.pk}/rate/{indicator.pk}/", data)


def rate_all(client, sa, framework, name="Proficient"):
    chosen = level(framework, name)
    for indicator in indicators(framework):
        assert rate(client, sa, indicator, level=chosen.pk).status_code == 200


def submitted(client, framework, name="Proficient") -> SelfAssessment:
    sa = start(client, framework)
    rate_all(client, sa, framework, name)
    assert post(client, f"/self-assessments/{sa.pk}/submit/").status_code == 302
    sa.refresh_from_db()
    return sa


def test_the_list_offers_the_frameworks_of_my_audience(as_teacher, educators):
    response = get(as_teacher, "/self-assessments/")
    assert response.status_code == 200
    titles = [row["framework"].title for row in response.context["frameworks"]]
    assert titles == [educators.title], "a teacher is offered the educators' framework only"
    page = text_of(response)
    assert "My self-assessments" in page and "Start" in page
    links = {label: url for label, url, _ in response.context["nav_links"]}
    assert links["Self-assessment"] == "/self-assessments/"


def test_starting_twice_gives_the_same_draft_and_the_list_then_says_continue(as_teacher, teacher, educators):
    first = start(as_teacher, educators)
    second = start(as_teacher, educators)
    assert first.pk == second.pk
    assert SelfAssessment.objects.filter(person=teacher).count() == 1
    response = get(as_teacher, "/self-assessments/")
    assert response.context["frameworks"][0]["draft"].pk == first.pk
    assert f'href="/self-assessments/{first.pk}/"' in response.content.decode()


def test_a_teacher_cannot_start_a_leadership_framework(as_teacher, teacher):
    response = post(
        as_teacher, "/self-assessments/start/", {"framework": Framework.objects.get(title=B21).pk}
    )
    assert response.status_code == 302 and response["Location"] == "/self-assessments/"
    assert "your roles do not include that audience" in text_of(get(as_teacher, "/self-assessments/"))
    assert not SelfAssessment.objects.filter(person=teacher).exists()


def test_the_form_shows_a_rubric_grid_with_descriptors(as_teacher, educators):
    sa = start(as_teacher, educators)
    response = get(as_teacher, f"/self-assessments/{sa.pk}/")
    body = response.content.decode()
    first = indicators(educators)[0]
    assert response.status_code == 200
    assert body.count('type="radio"') == 36 * 5, "four levels and not yet applicable per indicator"
    assert (
        f'id="indicator-{first.pk}"' in body
        and f'hx-post="/self-assessments/{sa.pk}/rate/{first.pk}/"' in body
    )
    assert "0 of 36 rated" in text_of(response)
    grid = response.context["grid"]
    options = grid.indicators[0].options
    assert [o.name for o in options] == ["Emerging", "Developing", "Proficient", "Advanced"]
    assert all(o.descriptor for o in options), "each level shows the indicator's descriptor"


def test_autosave_saves_one_rating_and_returns_the_progress(as_teacher, educators):
    sa = start(as_teacher, educators)
    first, second = indicators(educators)[:2]
    response = rate(as_teacher, sa, first, level=level(educators, "Developing").pk, evidence="Unit 3 plans")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Saved" in body and 'hx-swap-oob="true"' in body and "1 of 36 rated" in text_of(response)
    assert '<progress id="sa-progress-bar" value="1" max="36"' in body
    rating = Rating.objects.get(self_assessment=sa)
    assert (rating.indicator, rating.level.name, rating.evidence) == (first, "Developing", "Unit 3 plans")

    again = rate(as_teacher, sa, first, level=level(educators, "Advanced").pk)
    assert "1 of 36 rated" in text_of(again), "rating again overwrites"
    rate(as_teacher, sa, second, level="na", not_applicable_reason="New to the role")
    assert Rating.objects.get(self_assessment=sa, indicator=second).not_applicable
    page = get(as_teacher, f"/self-assessments/{sa.pk}/")
    assert "2 of 36 rated" in text_of(page)
    assert 'value="na" checked' in page.content.decode() and "New to the role" in page.content.decode()


def test_not_applicable_without_a_reason_shows_an_error_beside_the_field(as_teacher, educators):
    sa = start(as_teacher, educators)
    response = rate(as_teacher, sa, indicators(educators)[0], level="na")
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert "Say why it is not yet applicable." in text_of(response)
    assert "0 of 36 rated" in text_of(response)
    assert not Rating.objects.filter(self_assessment=sa).exists()


def test_submitting_with_missing_ratings_lists_them(as_teacher, educators):
    sa = start(as_teacher, educators)
    rate(as_teacher, sa, indicators(educators)[0], level=level(educators, "Proficient").pk)
    response = post(as_teacher, f"/self-assessments/{sa.pk}/submit/")
    assert response.status_code == 422
    page = text_of(response)
    assert "35 indicator(s) still need a rating" in page
    missing = indicators(educators)[1:]
    body = response.content.decode()
    assert all(f'href="#indicator-{i.pk}"' in body for i in missing), "each missing one is linked"
    assert f'href="#indicator-{indicators(educators)[0].pk}"' not in body
    sa.refresh_from_db()
    assert sa.status == "draft"


def test_a_submitted_round_is_read_only_and_autosave_is_refused(as_teacher, educators):
    sa = submitted(as_teacher, educators)
    assert sa.status == "submitted"
    page = get(as_teacher, f"/self-assessments/{sa.pk}/")
    body = page.content.decode()
    assert "<input" not in body.split("<main", 1)[1].replace('name="csrfmiddlewaretoken"', "")
    assert "<textarea" not in body and "Submit self-assessment" not in body
    assert f'href="/self-assessments/{sa.pk}/results/"' in body

    refused = rate(as_teacher, sa, indicators(educators)[0], level=level(educators, "Advanced").pk)
    assert refused.status_code == 422 and 'role="alert"' in refused.content.decode()
    assert "locked" in text_of(refused)
    assert Rating.objects.filter(self_assessment=sa, level__name="Advanced").count() == 0
    locked_reflection = htmx(as_teacher, f"/self-assessments/{sa.pk}/reflection/", {"reflection": "x"})
    assert locked_reflection.status_code == 422


def test_results_show_chart_data_tables_and_take_a_focus(as_teacher, educators):
    first = submitted(as_teacher, educators, "Developing")
    sa = submitted(as_teacher, educators, "Proficient")
    response = get(as_teacher, f"/self-assessments/{sa.pk}/results/")
    assert response.status_code == 200
    body = response.content.decode()
    data = json.loads(
        re.search(r'<script id="chart-main-data" type="application/json">(.*?)</script>', body).group(1)
    )
    assert len(data["labels"]) == 4 and data["means"] == [3.0] * 4 and data["previous"] == [2.0] * 4
    assert [lv["name"] for lv in data["levels"]] == ["Emerging", "Developing", "Proficient", "Advanced"]
    themes = json.loads(
        re.search(r'<script id="chart-theme-data" type="application/json">(.*?)</script>', body).group(1)
    )
    assert len(themes["labels"]) == 6
    page = text_of(response)
    assert "Mean rating by domain" in page and "Mean rating by theme" in page
    assert "Overall level Proficient" in page and "Strengths" in page and "Growth areas" in page
    assert f"Growth since {shown_date(first.submitted_at)}" in page and "+1.00" in page

    competencies = [c.id for c in response.context["results"]["competencies"]]
    chosen = post(as_teacher, f"/self-assessments/{sa.pk}/focus/", {"competencies": competencies[:2]})
    assert chosen.status_code == 302
    assert set(sa.focus_competencies.values_list("pk", flat=True)) == set(competencies[:2])
    too_many = post(as_teacher, f"/self-assessments/{sa.pk}/focus/", {"competencies": competencies[:4]})
    assert too_many.status_code == 422 and "Choose at most 3 focus competencies." in text_of(too_many)
    assert 'role="alert"' in too_many.content.decode()
    assert sa.focus_competencies.count() == 2


def test_results_of_a_draft_send_you_back_to_the_form(as_teacher, educators):
    sa = start(as_teacher, educators)
    response = get(as_teacher, f"/self-assessments/{sa.pk}/results/")
    assert response.status_code == 302 and response["Location"] == f"/self-assessments/{sa.pk}/"


def test_a_supervisor_reads_submitted_results_and_a_colleague_gets_404(client, teacher, educators):
    school = teacher.memberships.get().school
    principal = person(Role.SCHOOL_LEADER, school=school)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    colleague = person(Role.TEACHER, school=school)
    client.force_login(teacher)
    sa = submitted(client, educators)

    client.force_login(principal)
    listed = get(client, "/self-assessments/")
    assert [s.pk for s in listed.context["team"]] == [sa.pk]
    assert "Your team's submitted self-assessments" in text_of(listed)
    results = get(client, f"/self-assessments/{sa.pk}/results/")
    assert results.status_code == 200 and "Save focus" not in text_of(results)
    assert AuditEvent.objects.filter(
        action="self_assessment.read", actor_id=principal.pk, target_id=str(sa.pk)
    ).exists()
    form = get(client, f"/self-assessments/{sa.pk}/")
    assert form.status_code == 200 and 'type="radio"' not in form.content.decode()
    refused = htmx(client, f"/self-assessments/{sa.pk}/rate/{indicators(educators)[0].pk}/", {"level": "na"})
    assert refused.status_code == 403

    client.force_login(colleague)
    assert get(client, f"/self-assessments/{sa.pk}/results/").status_code == 404
    assert get(client, f"/self-assessments/{sa.pk}/").status_code == 404


def test_a_person_without_a_role_is_refused(client):
    client.force_login(person())
    assert get(client, "/self-assessments/").status_code == 403
    assert "Self-assessment" not in [label for label, _, _ in get(client, "/").context["nav_links"]]


def form_queries(client, framework) -> int:
    sa = start(client, framework)
    rate(client, sa, indicators(framework)[0], level=Level.objects.filter(framework=framework).first().pk)
    with CaptureQueriesContext(connection) as queries:
        response = get(client, f"/self-assessments/{sa.pk}/")
    assert response.status_code == 200 and response.context["grid"].total == len(indicators(framework))
    with CaptureQueriesContext(connection) as grid:
        rating_grid(sa)
    assert len(grid) == 4, "levels, live items, the first rubric's descriptors, the round's ratings"
    return len(queries)


def test_the_form_page_takes_a_fixed_number_of_queries(client, educators):
    both = person(Role.TEACHER)  # a teacher who also leads a school may rate on either framework
    MembershipFactory(user=both, role=Role.SCHOOL_LEADER, school=both.memberships.get().school)
    client.force_login(both)
    b21 = Framework.objects.get(title=B21)
    assert (len(indicators(b21)), len(indicators(educators))) == (24, 36)

    assert form_queries(client, b21) == form_queries(client, educators)
