"""Catalog pages on riverside's host: browsing with filters, the micro-credential page with
its scoring guide and the person's standing, and curating drafts; fixed query counts."""

import html
import re
from urllib.parse import urlencode

import pytest

from core.roles import Role
from pathways.models import CatalogStatus, MicroCredential, Submission
from tests.factories import person
from tests.pathways.factories import competencies, competency, micro_credential
from tests.support import HOST, get, page_queries, post, signed_in

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def error_for(response, field_id) -> str:
    found = re.search(rf'id="{field_id}_error"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    assert found, f"no error next to {field_id}"
    return html.unescape(re.sub(r"<[^>]+>", "", found[1]).strip())


def form_data(**overrides) -> dict:
    data = {
        "title": "Wait time that works",
        "competency": str(competency().pk),
        "summary": "Give students time to think.",
        "key_method": "Pause three seconds after a question.",
        "method_components": "Ask\nPause\nInvite",
        "rationale": "Longer answers.",
        "resources": "Guide | https://example.org/wait",
        "roles": ["teacher"],
        "hours": "1.5",
        "requirements-TOTAL_FORMS": "2",
        "requirements-INITIAL_FORMS": "0",
        "requirements-MIN_NUM_FORMS": "0",
        "requirements-MAX_NUM_FORMS": "1000",
        "requirements-0-title": "Your plan",
        "requirements-0-prompt": "Share a lesson plan.",
        "requirements-0-kind": "text",
        "requirements-0-word_limit": "250",
        "requirements-0-passing_criteria": "Pauses are planned after each key question.",
        "requirements-1-kind": "text",
    }
    return {**data, **overrides}


def test_the_catalog_lists_published_ones_with_code_hours_and_standing(client):
    teacher = person(Role.TEACHER)
    item = competency()
    mc = micro_credential(title="Questioning", competency=item, hours="3.0")
    micro_credential(title="Secret draft", status=CatalogStatus.DRAFT)
    Submission.objects.create(micro_credential=mc, person=teacher)
    page = text_of(get(signed_in(client, teacher), "/micro-credentials/"))
    assert "Questioning" in page and item.code in page and "3.0 h" in page
    assert "In progress" in page
    assert "Secret draft" not in page and "New micro-credential" not in page


def test_the_catalog_filters_and_shows_a_bad_filter_as_an_error(client):
    first, second = competencies(n=2)
    micro_credential(title="Questioning", competency=first)
    micro_credential(title="Feedback", competency=second, roles=["school_leader"])
    signed_in(client, person(Role.TEACHER))
    page = text_of(get(client, "/micro-credentials/?" + urlencode({"competency": first.pk})))
    assert "Questioning" in page and "Feedback" not in page
    page = text_of(get(client, "/micro-credentials/?role=teacher"))
    assert "Questioning" in page and "Feedback" not in page
    page = text_of(get(client, "/micro-credentials/?q=feed"))
    assert "Feedback" in page and "Questioning" not in page
    bad = get(client, "/micro-credentials/?competency=nope")
    assert bad.status_code == 400 and error_for(bad, "id_competency")


def test_admins_see_drafts_and_filter_by_status(client):
    micro_credential(title="Live one")
    micro_credential(title="Draft one", status=CatalogStatus.DRAFT)
    signed_in(client, person(Role.DISTRICT_ADMIN))
    page = text_of(get(client, "/micro-credentials/?status=draft"))
    assert "Draft one" in page and "Live one" not in page and "New micro-credential" in page


def test_the_page_shows_method_resources_and_scoring_guide_before_starting(client):
    mc = micro_credential(title="Questioning")
    signed_in(client, person(Role.TEACHER))
    response = get(client, f"/micro-credentials/{mc.pk}/")
    page = text_of(response)
    for text in ("Key method", "Plan questions", "Why it matters", "Guide", "What passes",
                 "Passes when requirement 1 shows the practice clearly.", "Not started", "2.0"):  # fmt: skip
        assert text in page, text
    assert f'action="/micro-credentials/{mc.pk}/start/"' in response.content.decode()
    assert "Curate" not in page


def test_the_page_offers_to_continue_an_attempt(client):
    teacher = person(Role.TEACHER)
    mc = micro_credential()
    attempt = Submission.objects.create(micro_credential=mc, person=teacher)
    response = get(signed_in(client, teacher), f"/micro-credentials/{mc.pk}/")
    assert f'href="/submissions/{attempt.pk}/"' in response.content.decode()
    assert "Continue your submission" in text_of(response)


def test_drafts_are_missing_to_teachers_and_curating_is_refused(client):
    draft = micro_credential(status=CatalogStatus.DRAFT)
    published = micro_credential()
    signed_in(client, person(Role.TEACHER))
    assert get(client, f"/micro-credentials/{draft.pk}/").status_code == 404
    assert get(client, "/micro-credentials/new/").status_code == 403
    assert post(client, f"/micro-credentials/{published.pk}/retire/").status_code == 403
    published.refresh_from_db()
    assert published.status == CatalogStatus.PUBLISHED


def test_an_admin_writes_a_draft_with_requirements_and_publishes_it(client):
    signed_in(client, person(Role.DISTRICT_ADMIN))
    response = post(client, "/micro-credentials/new/", form_data())
    assert response.status_code == 302, text_of(response)
    mc = MicroCredential.objects.get(title="Wait time that works")
    assert mc.status == CatalogStatus.DRAFT and mc.roles == ["teacher"]
    assert mc.method_components == ["Ask", "Pause", "Invite"]
    assert mc.resources == [{"title": "Guide", "url": "https://example.org/wait"}]
    assert list(mc.requirements.values_list("position", "word_limit")) == [(1, 250)]
    page = text_of(get(client, f"/micro-credentials/{mc.pk}/"))
    assert "Publish…" in page and "Edit the draft" in page
    response = post(client, f"/micro-credentials/{mc.pk}/publish/")
    assert response.status_code == 302
    mc.refresh_from_db()
    assert mc.status == CatalogStatus.PUBLISHED


def test_form_errors_show_next_to_their_fields(client):
    signed_in(client, person(Role.DISTRICT_ADMIN))
    bad = form_data(
        **{
            "resources": "Guide | ftp://example.org",
            "requirements-0-word_limit": "",
            "requirements-0-kind": "text",
        }
    )
    response = post(client, "/micro-credentials/new/", bad)
    assert response.status_code == 400
    assert "Line 1" in error_for(response, "id_resources")
    assert "word limit" in error_for(response, "id_requirements-0-word_limit")
    assert not MicroCredential.objects.exists()


def test_editing_a_draft_replaces_its_requirements(client):
    admin = person(Role.DISTRICT_ADMIN)
    mc = micro_credential(status=CatalogStatus.DRAFT)
    signed_in(client, admin)
    page = get(client, f"/micro-credentials/{mc.pk}/edit/")
    assert page.status_code == 200 and "Requirement 3" in text_of(page)
    data = form_data(
        title="Renamed",
        **{
            "requirements-TOTAL_FORMS": "1",
            "requirements-INITIAL_FORMS": "1",
            "requirements-0-title": "Only one",
            "requirements-0-kind": "file",
            "requirements-0-word_limit": "",
        },
    )
    response = post(client, f"/micro-credentials/{mc.pk}/edit/", data)
    assert response.status_code == 302, text_of(response)
    mc.refresh_from_db()
    assert mc.title == "Renamed"
    assert list(mc.requirements.values_list("title", "kind")) == [("Only one", "file")]


def test_a_published_one_sends_the_editor_back_and_versions_from_the_page(client):
    mc = micro_credential()
    signed_in(client, person(Role.DISTRICT_ADMIN))
    response = get(client, f"/micro-credentials/{mc.pk}/edit/")
    assert response.status_code == 302
    response = post(client, f"/micro-credentials/{mc.pk}/new-version/")
    copy = MicroCredential.objects.get(lineage=mc.lineage, version=2)
    assert response.status_code == 302 and response["Location"] == f"/micro-credentials/{copy.pk}/"
    again = client.post(f"/micro-credentials/{mc.pk}/new-version/", HTTP_HOST=HOST, follow=True)
    assert "already a draft" in text_of(again)
    post(client, f"/micro-credentials/{mc.pk}/retire/")
    mc.refresh_from_db()
    assert mc.status == CatalogStatus.RETIRED


# --- Query counts ----------------------------------------------------------------------


# Each page: the host lookup, two search-path switches, the session, the user, the
# actor's roles and the navigation's unread count = 7; then the page's own reads.
PAGE_QUERIES = {
    # filter choices (competencies, domains, themes), COUNT, the page's rows, their themes,
    # their domains (one recursive query), the actor's submissions and credentials
    "catalog": 16,
    # the micro-credential through the actor's scope, then with its requirements and
    # themes, its domain, the actor's submissions and credentials
    "detail": 14,
}


@pytest.mark.parametrize("rows", [1, 50])
def test_catalog_page_queries_do_not_grow(client, rows):
    teacher = person(Role.TEACHER)
    items = competencies(n=5)
    for i in range(rows):
        mc = micro_credential(title=f"MC {i:02d}", competency=items[i % 5])
        if i % 2:
            Submission.objects.create(micro_credential=mc, person=teacher)
    signed_in(client, teacher)
    count, captured = page_queries(client, "/micro-credentials/?role=teacher", warm=True)
    assert count == PAGE_QUERIES["catalog"], "\n".join(q["sql"][:150] for q in captured)


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_page_queries_do_not_grow(client, rows):
    teacher = person(Role.TEACHER)
    mc = micro_credential(kinds=["text"] * rows)
    Submission.objects.create(micro_credential=mc, person=teacher)
    signed_in(client, teacher)
    count, captured = page_queries(client, f"/micro-credentials/{mc.pk}/", warm=True)
    assert count == PAGE_QUERIES["detail"], "\n".join(q["sql"][:150] for q in captured)
