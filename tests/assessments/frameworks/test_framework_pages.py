"""The framework browser: list and detail pages (read only), on riverside's host."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.frameworks.browse import framework_outline
from assessments.models import AdoptionStatus, Framework, Item, ItemKind, Level, Theme
from core.roles import Role
from tests.factories import person
from tests.support import get

pytestmark = pytest.mark.django_db

B21 = "Building 21 Leadership Competencies"
CCSSO = "CCSSO/JFF Leadership Competencies for Learner-Centered, Personalized Education"
EDUCATOR = "Lodestar Educator Competencies for Personalized, Competency-Based Learning"
# The tenant middleware's three (search path to public, the domain and its district, search
# path to the district), then session, user, the user's roles, the framework with its counts,
# the outline's five: levels, themes, live items, their themes, the first rubric's descriptors,
# and the navigation's count of unread notifications.
DETAIL_QUERIES = 13


def framework(title) -> Framework:
    return Framework.objects.get(title=title)


def item(fw, code) -> Item:
    return Item.objects.get(framework=fw, code=code)


def detail_url(fw) -> str:
    return f"/frameworks/{fw.pk}/"


def text_of(response) -> str:
    """The page's text without tags, whitespace collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


def competency_codes(response) -> list[str]:
    return [
        node.code for root in response.context["outline"].roots for node in root.walk() if node.is_competency
    ]


def test_list_shows_the_shipped_frameworks_with_counts(as_teacher):
    response = get(as_teacher, "/frameworks/")

    assert response.status_code == 200
    titles = [f.title for f in response.context["frameworks"]]
    assert titles == sorted([B21, CCSSO, EDUCATOR])
    page = text_of(response)
    assert "6 competencies · 24 indicators" in page
    assert page.count("Adopted") >= 3
    assert "School leaders" in page and "Educators" in page
    assert f'href="{detail_url(framework(B21))}"' in response.content.decode()


def test_list_filters_by_audience_and_htmx_gets_only_the_rows(as_teacher):
    response = get(as_teacher, "/frameworks/?audience=educators")
    assert [f.title for f in response.context["frameworks"]] == [EDUCATOR]

    rows = get(as_teacher, "/frameworks/?audience=educators", HX_Request="true")
    body = rows.content.decode()
    assert rows.status_code == 200 and "<html" not in body and "<h1" not in body
    assert EDUCATOR in body and B21 not in body
    assert "HX-Request" in rows["Vary"]


def test_list_says_so_when_nothing_matches(as_teacher):
    Framework.objects.filter(audience="educators").update(adoption_status=AdoptionStatus.DRAFT)

    response = get(as_teacher, "/frameworks/?audience=educators")

    assert "No frameworks for this audience." in text_of(response)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    fw = framework(B21)
    for path in ("/frameworks/", detail_url(fw)):
        response = get(client, path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_person_without_a_role_is_refused(client):
    client.force_login(person())
    assert get(client, "/frameworks/").status_code == 403
    assert get(client, detail_url(framework(B21))).status_code == 403


def test_navigation_links_to_frameworks_for_every_role(client):
    for role in Role:
        user = person(role)
        client.force_login(user)
        links = {label: url for label, url, _current in get(client, "/").context["nav_links"]}
        assert links.get("Frameworks") == "/frameworks/", role
    client.force_login(person())
    assert "Frameworks" not in [link[0] for link in get(client, "/").context["nav_links"]]


def test_detail_shows_the_framework_scale_competencies_and_descriptors(as_teacher):
    fw = framework(B21)

    response = get(as_teacher, detail_url(fw))

    assert response.status_code == 200
    page = text_of(response)
    assert fw.description[:60] in page and "Version 2026.1" in page and "From Building 21" in page
    for n in range(1, 7):
        assert f"LC.{n} " in page
    assert "LC.1 Create a Just, Equitable, and Caring Learning Environment" in page
    assert competency_codes(response) == [f"LC.{n}" for n in range(1, 7)]
    outline = response.context["outline"]
    assert [level.name for level in outline.levels] == ["Emerging", "Developing", "Proficient", "Advanced"]
    assert [level.is_proficient for level in outline.levels] == [False, False, True, True]
    indicators = [n for root in outline.roots for n in root.walk() if n.is_indicator]
    assert len(indicators) == 24
    assert all(len(n.descriptors) == 4 for n in indicators)
    first = indicators[0]
    assert first.code == "LC.1.1"
    assert [d.level for d in first.descriptors] == ["Emerging", "Developing", "Proficient", "Advanced"]
    assert "Emerging Notices inequities mainly after someone else raises them" in page
    body = response.content.decode()
    assert body.count("<details>") == 24
    assert f'href="/api/v1/frameworks/{fw.pk}/case/?format=json"' in body


def test_the_case_download_works_with_the_session(as_teacher):
    fw = framework(B21)

    response = get(as_teacher, f"/api/v1/frameworks/{fw.pk}/case/?format=json")

    assert response.status_code == 200
    assert response.json()["CFDocument"]["title"] == B21


def test_domains_head_their_competencies(as_teacher):
    fw = framework(CCSSO)

    response = get(as_teacher, detail_url(fw))

    outline = response.context["outline"]
    assert [root.kind for root in outline.roots] == [ItemKind.DOMAIN] * 4
    assert outline.roots[0].statement == "Vision, Values, and Culture"
    assert all(root.heading_level == 3 for root in outline.roots)
    assert all(c.heading_level == 4 for root in outline.roots for c in root.children)
    body = response.content.decode()
    assert re.search(r"<h3 [^>]*><span class=\"code\">D1</span> Vision, Values, and Culture</h3>", body)
    assert re.search(r"<h4 [^>]*><span class=\"code\">D1.1</span>", body)


def test_retired_items_never_show(as_teacher):
    fw = framework(B21)
    Item.objects.filter(framework=fw, code__in=["LC.6", "LC.6.1", "LC.6.2", "LC.6.3", "LC.6.4"]).update(
        is_retired=True
    )
    Item.objects.filter(framework=fw, code="LC.1.2").update(is_retired=True)

    response = get(as_teacher, detail_url(fw))

    assert competency_codes(response) == [f"LC.{n}" for n in range(1, 6)]
    page = text_of(response)
    assert "LC.6" not in page and "LC.1.2" not in page and "LC.1.3" in page


def test_theme_filter_keeps_only_tagged_competencies(as_teacher):
    fw = framework(B21)
    equity = Theme.objects.get(framework=fw, title="Equity and Inclusion")

    response = get(as_teacher, f"{detail_url(fw)}?theme={equity.pk}")

    assert competency_codes(response) == ["LC.1", "LC.6"]
    body = response.content.decode()
    assert f'id="item-{item(fw, "LC.1").pk}"' in body
    assert f'id="item-{item(fw, "LC.2").pk}"' not in body, "LC.2 is not tagged with equity"
    assert "LC.1.4" in body, "a kept competency keeps its indicators"
    assert "Showing 2 of 6 competencies" in text_of(response)
    assert re.search(rf'id="theme-{equity.pk}"[^>]*aria-current="true"', body)


def test_theme_filter_keeps_a_competency_whose_indicator_is_tagged(as_teacher):
    fw = framework(B21)
    equity = Theme.objects.get(framework=fw, title="Equity and Inclusion")
    item(fw, "LC.3.2").themes.add(equity)

    response = get(as_teacher, f"{detail_url(fw)}?theme={equity.pk}")

    assert competency_codes(response) == ["LC.1", "LC.3", "LC.6"]


def test_theme_filter_keeps_the_domains_above_tagged_competencies(as_teacher):
    fw = framework(CCSSO)
    risk = Theme.objects.get(framework=fw, title="Risk-taking and Innovation")

    response = get(as_teacher, f"{detail_url(fw)}?theme={risk.pk}")

    outline = response.context["outline"]
    assert [root.code for root in outline.roots] == ["D1", "D2", "D3"]
    assert competency_codes(response) == ["D1.3", "D2.3", "D3.3"]


def test_an_unknown_or_foreign_theme_shows_everything(as_teacher):
    fw = framework(B21)
    foreign = Theme.objects.filter(framework=framework(CCSSO)).first()
    for value in ("nonsense", str(foreign.pk)):
        response = get(as_teacher, f"{detail_url(fw)}?theme={value}")
        assert response.status_code == 200
        assert len(competency_codes(response)) == 6


def test_htmx_theme_request_gets_only_the_hierarchy(as_teacher):
    fw = framework(B21)
    equity = Theme.objects.get(framework=fw, title="Equity and Inclusion")
    url = f"{detail_url(fw)}?theme={equity.pk}"

    fragment = get(as_teacher, url, HX_Request="true")

    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in body and "<h1" not in body and "Performance levels" not in body
    assert 'class="outline"' in body and "LC.6.1" in body and "LC.2.1" not in body
    assert 'id="outline-count" hx-swap-oob="innerHTML"' in body
    assert "HX-Request" in fragment["Vary"]

    restored = get(as_teacher, url, HX_Request="true", HX_History_Restore_Request="true")
    assert "<html" in restored.content.decode() and "<h1>" in restored.content.decode()
    full = get(as_teacher, url)
    assert "<html" in full.content.decode() and "HX-Request" in full["Vary"]


def test_draft_framework_is_hidden_from_teachers_and_shown_to_admins(client, teacher):
    draft = Framework.objects.create(
        title="Unfinished Coaching Framework", audience="educators", adoption_status=AdoptionStatus.DRAFT
    )
    Level.objects.create(framework=draft, name="Starting", value=1, position=1)

    client.force_login(teacher)
    assert get(client, detail_url(draft)).status_code == 404
    assert draft.title not in get(client, "/frameworks/").content.decode()

    client.force_login(person(Role.DISTRICT_ADMIN))
    response = get(client, detail_url(draft))
    assert response.status_code == 200
    page = text_of(response)
    assert "Unfinished Coaching Framework" in page and "Draft" in page
    assert "This framework has no competencies yet." in page
    assert draft.title in get(client, "/frameworks/").content.decode()


def test_missing_framework_is_404(as_teacher):
    assert get(as_teacher, "/frameworks/999999/").status_code == 404


def detail_queries(client, fw) -> int:
    get(client, detail_url(fw))  # warm up: the first request may load what later ones cache
    with CaptureQueriesContext(connection) as queries:
        response = get(client, detail_url(fw))
    assert response.status_code == 200
    return len(queries)


def test_detail_page_takes_a_fixed_number_of_queries(as_teacher):
    small, large = framework(B21), framework(CCSSO)
    assert Item.objects.filter(framework=large).count() > Item.objects.filter(framework=small).count()

    assert detail_queries(as_teacher, small) == DETAIL_QUERIES
    assert detail_queries(as_teacher, large) == DETAIL_QUERIES


def test_outline_reads_in_five_queries(django_assert_num_queries):
    fw = framework(CCSSO)
    with django_assert_num_queries(5):
        outline = framework_outline(fw)
    assert outline.competency_total == 12
    assert sum(1 for root in outline.roots for n in root.walk() if n.is_indicator) == 36


def test_list_says_so_when_there_is_nothing_to_browse(as_teacher):
    Framework.objects.update(adoption_status=AdoptionStatus.DRAFT)

    response = get(as_teacher, "/frameworks/")

    assert "There are no frameworks to browse yet." in text_of(response)
