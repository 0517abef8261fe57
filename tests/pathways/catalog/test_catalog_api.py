"""/api/v1/micro-credentials/: browsing with filters, curating, permissions, isolation
and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Item, ItemKind, Theme
from core.roles import Role
from pathways.models import CatalogStatus, MicroCredential, Submission
from tests.factories import person
from tests.pathways.factories import competencies, competency, leaders, micro_credential

pytestmark = pytest.mark.django_db
URL = "/api/v1/micro-credentials/"


def body(**overrides) -> dict:
    data = {
        "title": "Questioning for deeper thinking",
        "competency": competency().pk,
        "summary": "Open questions in a real lesson.",
        "key_method": "Plan open questions and wait.",
        "method_components": ["Plan", "Wait", "Build"],
        "rationale": "Research says so.",
        "resources": [{"title": "Guide", "url": "https://example.org/guide"}],
        "roles": ["teacher"],
        "hours": "2.5",
        "requirements": [
            {
                "title": "Plan",
                "prompt": "Share your plan.",
                "kind": "text",
                "word_limit": 300,
                "passing_criteria": "Three open questions.",
            },
            {
                "title": "Video",
                "prompt": "Link a video.",
                "kind": "link",
                "passing_criteria": "Wait time shown.",
            },
        ],
    }
    return {**data, **overrides}


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


def test_an_admin_creates_edits_publishes_and_versions_through_the_api(api, admin):
    client = api(admin)
    created = client.post(URL, body(), format="json")
    assert created.status_code == 201, created.content
    mc = created.json()
    assert mc["status"] == "draft" and mc["version"] == 1
    assert [(r["position"], r["kind"], r["word_limit"]) for r in mc["requirements"]] == [
        (1, "text", 300),
        (2, "link", None),
    ]
    assert mc["requirements"][0]["scoring_guide"] == "Three open questions."
    assert mc["competency"]["code"] == competency().code

    edited = client.patch(f"{URL}{mc['id']}/", {"title": "Questioning, revised"}, format="json")
    assert edited.status_code == 200 and edited.json()["title"] == "Questioning, revised"
    assert len(edited.json()["requirements"]) == 2  # untouched when not given

    published = client.post(f"{URL}{mc['id']}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    refused = client.patch(f"{URL}{mc['id']}/", {"title": "Again"}, format="json")
    assert refused.status_code == 400
    assert "new version" in refused.json()["error"]["fields"]["status"][0]

    copy = client.post(f"{URL}{mc['id']}/new-version/")
    assert copy.status_code == 201, copy.content
    v2 = copy.json()
    assert (v2["version"], v2["lineage"], v2["previous_version"], v2["status"]) == (
        2,
        mc["lineage"],
        mc["id"],
        "draft",
    )
    again = client.post(f"{URL}{mc['id']}/new-version/")
    assert again.status_code == 400 and "status" in again.json()["error"]["fields"]
    assert client.post(f"{URL}{v2['id']}/publish/").json()["status"] == "published"
    assert client.get(f"{URL}{mc['id']}/").json()["status"] == "retired"
    assert client.post(f"{URL}{v2['id']}/retire/").json()["status"] == "retired"


def test_nested_errors_name_their_place(api, admin):
    bad_link = body(
        resources=[{"title": "A", "url": "https://a.org"}, {"title": "B", "url": "mailto:b@c.org"}]
    )
    response = api(admin).post(URL, bad_link, format="json")
    assert response.status_code == 400
    assert "resources[1].url" in response.json()["error"]["fields"]
    missing = body(requirements=[{"title": "Plan", "prompt": "p", "kind": "text", "word_limit": 10}])
    response = api(admin).post(URL, missing, format="json")
    assert response.status_code == 400
    assert "requirements[0].passing_criteria" in response.json()["error"]["fields"]
    response = api(admin).post(URL, body(roles=["wizard"], hours="600"), format="json")
    fields = response.json()["error"]["fields"]
    assert response.status_code == 400 and "roles" in fields and "hours" in fields
    response = api(admin).post(
        URL, body(competency=Item.objects.filter(kind=ItemKind.DOMAIN).first().pk), format="json"
    )
    assert response.status_code == 400 and "competency" in response.json()["error"]["fields"]


def test_publishing_without_requirements_is_a_400(api, admin):
    mc = api(admin).post(URL, body(requirements=[]), format="json").json()
    response = api(admin).post(f"{URL}{mc['id']}/publish/")
    assert response.status_code == 400 and "requirements" in response.json()["error"]["fields"]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE])
def test_only_admins_curate(api, role):
    client = api(person(role))
    assert client.post(URL, body(), format="json").status_code == 403
    published = micro_credential()
    assert client.patch(f"{URL}{published.pk}/", {"title": "x"}, format="json").status_code == 403
    assert client.post(f"{URL}{published.pk}/retire/").status_code == 403
    assert client.post(f"{URL}{published.pk}/new-version/").status_code == 403
    published.refresh_from_db()
    assert published.status == CatalogStatus.PUBLISHED


def test_non_admins_see_neither_drafts_nor_retired_ones(api, admin):
    micro_credential(title="Live")
    draft = micro_credential(title="Draft", status=CatalogStatus.DRAFT)
    micro_credential(title="Old", status=CatalogStatus.RETIRED)
    teacher = api(person(Role.TEACHER))
    assert titles(teacher.get(URL)) == ["Live"]
    assert titles(teacher.get(URL, {"status": "draft"})) == []
    assert teacher.get(f"{URL}{draft.pk}/").status_code == 404
    assert teacher.post(f"{URL}{draft.pk}/publish/").status_code == 404
    assert titles(api(admin).get(URL)) == ["Draft", "Live", "Old"]
    assert titles(api(admin).get(URL, {"status": "draft"})) == ["Draft"]


def test_the_list_filters_by_competency_domain_theme_role_and_words(api):
    first, second = competencies(n=2)
    other = competency(leaders())
    theme = Theme.objects.create(framework=first.framework, title="Equity")
    first.themes.add(theme)
    micro_credential(title="Questioning", competency=first, roles=["teacher"])
    micro_credential(title="Feedback loops", competency=second, roles=[], summary="Fast feedback to students")
    micro_credential(title="Leading teams", competency=other, roles=["school_leader"])
    client = api(person(Role.TEACHER))

    assert titles(client.get(URL, {"competency": first.pk})) == ["Questioning"]
    assert titles(client.get(URL, {"theme": theme.pk})) == ["Questioning"]
    assert titles(client.get(URL, {"role": "teacher"})) == ["Feedback loops", "Questioning"]
    assert titles(client.get(URL, {"role": "school_leader"})) == ["Feedback loops", "Leading teams"]
    assert titles(client.get(URL, {"q": "FEEDBACK TO"})) == ["Feedback loops"]
    root = Item.objects.get(pk=first.pk)
    while root.parent_id:
        root = root.parent
    in_domain = titles(client.get(URL, {"domain": root.pk}))
    assert "Questioning" in in_domain and "Leading teams" not in in_domain
    row = client.get(URL, {"competency": first.pk}).json()["results"][0]
    assert row["domain"]["id"] == root.pk
    assert {"id": theme.pk, "title": "Equity"} in row["themes"]
    assert row["standing"]["state"] == "not_started"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"competency": "abc"}, "competency"), ({"domain": "-3"}, "domain"), ({"theme": "1.5"}, "theme"),
     ({"role": "janitor"}, "role"), ({"status": "gone"}, "status"), ({"q": "a\x00b"}, "q")],
)  # fmt: skip
def test_a_bad_filter_is_a_400_naming_it(api, params, field):
    response = api(person(Role.TEACHER)).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_rows_carry_the_callers_standing(api):
    teacher = person(Role.TEACHER)
    mc = micro_credential()
    Submission.objects.create(micro_credential=mc, person=teacher, status="in_review")
    assert api(teacher).get(URL).json()["results"][0]["standing"]["state"] == "in_review"
    detail = api(teacher).get(f"{URL}{mc.pk}/").json()
    assert detail["standing"]["state"] == "in_review" and detail["standing"]["attempts"] == 1
    assert api(person(Role.TEACHER)).get(URL).json()["results"][0]["standing"]["state"] == "not_started"


def test_the_detail_shows_the_scoring_guide_before_anyone_applies(api):
    mc = micro_credential()
    detail = api(person(Role.TEACHER)).get(f"{URL}{mc.pk}/").json()
    assert [r["passing_criteria"] for r in detail["requirements"]] == [
        f"Passes when requirement {p} shows the practice clearly." for p in (1, 2, 3)
    ]
    assert detail["key_method"] and detail["method_components"] and detail["resources"]


def test_lakeview_cannot_see_riverside_micro_credentials(api, lakeview, in_district):
    mc = micro_credential(title="Riverside only")
    with in_district(lakeview):
        viewer = person(Role.DISTRICT_ADMIN)
    client = api(viewer, district=lakeview)
    assert titles(client.get(URL)) == []
    assert client.get(f"{URL}{mc.pk}/").status_code == 404
    assert MicroCredential.objects.filter(pk=mc.pk).exists()


def test_anonymous_callers_are_refused(api):
    assert api().get(URL).status_code == 401


# Every request: two search-path switches, the domain, the token (read, and its first-use
# stamp), the actor's roles = 6.
# The list then COUNTs and reads the page (competency joined, requirement count annotated),
# prefetches the competencies' themes, finds every row's domain in one recursive query,
# and reads the caller's submissions and credentials for their standing = 5 more.
EXPECTED_LIST_QUERIES = 12


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_at_1_and_50_rows(api, rows):
    teacher = person(Role.TEACHER)
    items = competencies(n=5)
    for i in range(rows):
        mc = micro_credential(title=f"MC {i:02d}", competency=items[i % 5])
        if i % 3 == 0:
            Submission.objects.create(micro_credential=mc, person=teacher)
    client = api(teacher)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"page_size": 50})
    assert len(response.json()["results"]) == rows
    assert len(queries) == EXPECTED_LIST_QUERIES, (
        "the catalog list must not grow with its rows: " + "\n".join(q["sql"][:120] for q in queries)
    )


def test_competency_kinds_are_checked_through_the_api(api, admin):
    indicator = Item.objects.filter(kind=ItemKind.INDICATOR).first()
    response = api(admin).post(URL, body(competency=indicator.pk), format="json")
    assert response.status_code == 400 and "competency" in response.json()["error"]["fields"]
