"""The CASE 1.1 provider: each district serves its adopted frameworks at /ims/case/v1p1/.

Here `api()` reads as an integration client holding the CASE scope, with an access token from
the district's own token endpoint (who may read is tests/assessments/case/test_case_access.py);
the query-count and rate tests read without credentials, with the district's anonymous reads on.
"""

import json
import re
import uuid
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.case.importer import framework_import_case
from assessments.frameworks.shipped import shipped_packages
from assessments.models import AdoptionStatus, Association, Framework, Item
from schools.models import DistrictPolicy
from tests.assessments.case.test_case_exchange import export, golden, normalized
from tests.conftest import DistrictClient

pytestmark = pytest.mark.django_db
CASE = "/ims/case/v1p1"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def case_token(district) -> str:
    """A CASE-scoped access token of a new client of `district`, from its token endpoint."""
    import base64

    from django_tenants.utils import tenant_context

    from core.permissions import CASE_SCOPE
    from integrations.services import integration_client_create

    with tenant_context(district):
        issued = integration_client_create(actor=None, name="CASE reader", scopes=[CASE_SCOPE])
    http = DistrictClient(district)
    http._return_to = connection.tenant
    secret = base64.b64encode(f"{issued.client.client_id}:{issued.secret}".encode()).decode()
    response = http.post(
        "/oauth/token/", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {secret}"
    )
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


@pytest.fixture
def api(api, riverside):
    """`api()` reads as a CASE client of the district; `api(token=...)` as before."""

    def make(user=None, *, district=None, token=None, session=False):
        if user is None and token is None:
            token = case_token(district or riverside)
        return api(user, district=district, token=token, session=session)

    return make


@pytest.fixture
def anonymous(riverside):
    """A reader without credentials, the district allowing anonymous reads of its frameworks
    marked public; `anonymous(*frameworks)` marks them public (all of riverside's without)."""

    def make(*frameworks):
        DistrictPolicy.objects.update_or_create(pk=1, defaults={"case_anonymous_reads": True})
        chosen = (
            Framework.objects.filter(pk__in=[f.pk for f in frameworks]) if frameworks else Framework.objects
        )
        chosen.update(is_public=True)
        http = DistrictClient(riverside)
        http._return_to = connection.tenant
        return http

    return make


@pytest.fixture
def deep():
    """The golden CASE 1.1 package, imported and adopted in riverside only."""
    framework = framework_import_case(actor=None, package=golden("1.1")).framework
    Framework.objects.filter(pk=framework.pk).update(adoption_status=AdoptionStatus.ADOPTED)
    framework.refresh_from_db()
    return framework


def package_item(code: str) -> dict:
    return next(i for i in golden("1.1")["CFItems"] if i["humanCodingScheme"] == code)


def document_link(framework) -> dict:
    return {"title": framework.title, "identifier": str(framework.identifier), "uri": framework.uri}


def minor(response) -> tuple[str, str]:
    field = response.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]
    return field["imsx_codeMinorFieldName"], field["imsx_codeMinorFieldValue"]


def test_document_list_serves_each_adopted_framework_as_exported(api):
    response = api().get(f"{CASE}/CFDocuments")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    documents = response.json()["CFDocuments"]
    adopted = Framework.objects.filter(adoption_status=AdoptionStatus.ADOPTED)
    assert len(documents) == adopted.count() >= 3
    assert documents == [export(f, standalone=True)["CFDocument"] for f in adopted.order_by("title", "id")]
    assert response["X-Total-Count"] == str(len(documents))


def test_draft_and_deprecated_frameworks_are_not_served(api, deep):
    item = str(Item.objects.get(framework=deep, code="S1.D1").identifier)
    client = api()
    for status in (AdoptionStatus.DRAFT, AdoptionStatus.DEPRECATED):
        Framework.objects.filter(pk=deep.pk).update(adoption_status=status)
        listed = {d["identifier"] for d in client.get(f"{CASE}/CFDocuments").json()["CFDocuments"]}
        assert str(deep.identifier) not in listed
        for path in (f"CFDocuments/{deep.identifier}", f"CFPackages/{deep.identifier}", f"CFItems/{item}"):
            response = client.get(f"{CASE}/{path}")
            assert response.status_code == 404, (status, path)
            body = response.json()
            assert body["imsx_codeMajor"] == "failure" and body["imsx_severity"] == "error"
            assert str(deep.identifier) in body["imsx_description"] or item in body["imsx_description"]
            assert body["imsx_codeMinor"] == {
                "imsx_codeMinorField": [
                    {"imsx_codeMinorFieldName": "sourcedId", "imsx_codeMinorFieldValue": "unknownobject"}
                ]
            }


@pytest.mark.parametrize("path", shipped_packages(), ids=lambda p: p.stem)
def test_package_is_the_shipped_file(path, api):
    shipped = json.loads(path.read_text())
    response = api().get(f"{CASE}/CFPackages/{shipped['CFDocument']['identifier']}")
    assert response.status_code == 200
    assert normalized(response.json()) == normalized(shipped)


def test_document_is_the_packages_document(api, deep):
    response = api().get(f"{CASE}/CFDocuments/{deep.identifier}")
    assert response.status_code == 200
    # The package's document, with the link to its package the OpenAPI's CFDocument requires.
    package_link = {
        "title": deep.title,
        "identifier": str(deep.identifier),
        "uri": f"http://riverside.localhost{CASE}/CFPackages/{deep.identifier}",
    }
    assert response.json() == export(deep, standalone=True)["CFDocument"]
    assert response.json() == {**golden("1.1")["CFDocument"], "CFPackageURI": package_link}


def test_item_is_served_as_exported(api, deep):
    wanted = package_item("S1.D2.C1.2.3")
    response = api().get(f"{CASE}/CFItems/{wanted['identifier']}")
    assert response.status_code == 200
    # The package's item, with the link to its document the OpenAPI's CFItem requires.
    assert response.json() == {**wanted, "CFDocumentURI": document_link(deep)}


def test_retired_item_answers_404(api, deep):
    gone = Item.objects.get(framework=deep, code="S1.D2.C1.2.3")
    Item.objects.filter(pk=gone.pk).update(is_retired=True)
    client = api()
    assert client.get(f"{CASE}/CFItems/{gone.identifier}").status_code == 404
    assert client.get(f"{CASE}/CFItemAssociations/{gone.identifier}").status_code == 404
    assert client.get(f"{CASE}/CFAssociations/{gone.placement_identifier}").status_code == 404


def test_item_associations_give_the_item_and_every_association_it_is_in(api, deep):
    package = golden("1.1")
    wanted = package_item("S1.D1.C1.1")
    touching = {
        a["identifier"]
        for a in package["CFAssociations"]
        if wanted["identifier"] in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
    }
    # its own place, its three children and an isPeerOf
    assert len(touching) == 5
    # Another adopted framework of the district may point at it; a draft one is not served.
    shipped = Framework.objects.filter(adoption_status=AdoptionStatus.ADOPTED).exclude(pk=deep.pk).first()
    draft = Framework.objects.create(title="Unfinished", audience="leaders")
    target = {"title": "t", "identifier": wanted["identifier"].upper(), "uri": wanted["uri"]}
    elsewhere = Association.objects.create(
        framework=shipped,
        uri="https://example.org/a",
        association_type="exactMatchOf",
        origin={"title": "o", "identifier": UNKNOWN, "uri": "https://example.org/o"},
        destination=target,
    )
    Association.objects.create(
        framework=draft,
        uri="https://example.org/b",
        association_type="exactMatchOf",
        origin={"title": "o", "identifier": UNKNOWN, "uri": "https://example.org/o"},
        destination=target,
    )

    response = api().get(f"{CASE}/CFItemAssociations/{wanted['identifier']}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"CFItem", "CFAssociations"}
    assert body["CFItem"] == {**wanted, "CFDocumentURI": document_link(deep)}
    exported = {a["identifier"]: a for a in export(deep)["CFAssociations"]}
    served = {a["identifier"]: a for a in body["CFAssociations"]}
    assert set(served) == touching | {str(elsewhere.identifier)}
    assert all(served[key] == exported[key] for key in touching)
    assert served[str(elsewhere.identifier)]["associationType"] == "exactMatchOf"


def test_associations_are_served_by_identifier(api, deep):
    package = golden("1.1")
    placement = next(a for a in package["CFAssociations"] if a["associationType"] == "isChildOf")
    peer = next(a for a in package["CFAssociations"] if a["associationType"] == "isPeerOf")
    client = api()
    for association in (placement, peer):
        response = client.get(f"{CASE}/CFAssociations/{association['identifier']}")
        assert response.status_code == 200
        assert response.json() == {**association, "CFDocumentURI": document_link(deep)}


@pytest.mark.parametrize(
    ("collection", "definitions"),
    [
        ("CFConcepts", "CFConcepts"),
        ("CFItemTypes", "CFItemTypes"),
        ("CFSubjects", "CFSubjects"),
        ("CFLicenses", None),
        ("CFAssociationGroupings", None),
    ],
)
def test_definitions_are_served_in_cases_shape(collection, definitions, api, deep):
    wanted = golden("1.1")["CFDefinitions"][collection][0]
    response = api().get(f"{CASE}/{collection}/{wanted['identifier']}")
    assert response.status_code == 200
    # Concepts, item types and subjects come as a set (with any children by hierarchyCode).
    assert response.json() == ({definitions: [wanted]} if definitions else wanted)


def test_item_type_set_includes_the_types_below_it(api, deep):
    package = golden("1.1")
    types = package["CFDefinitions"]["CFItemTypes"]
    types[1]["hierarchyCode"], types[2]["hierarchyCode"] = "1.1", "1.1.1"
    framework_import_case(actor=None, package=package)
    response = api().get(f"{CASE}/CFItemTypes/{types[0]['identifier']}")
    assert [t["identifier"] for t in response.json()["CFItemTypes"]] == [t["identifier"] for t in types[:3]]


def test_rubric_is_served_as_exported(api, deep):
    rubric = export(deep)["CFRubrics"][1]
    response = api().get(f"{CASE}/CFRubrics/{rubric['identifier']}")
    assert response.status_code == 200
    assert response.json() == rubric
    assert normalized(rubric) == normalized(golden("1.1")["CFRubrics"][1])


@pytest.mark.parametrize(
    "collection", ["CFDocuments", "CFPackages", "CFItems", "CFItemAssociations", "CFRubrics"]
)
def test_unknown_identifier_answers_404_and_malformed_one_400(collection, api):
    client = api()
    missing = client.get(f"{CASE}/{collection}/{UNKNOWN}")
    assert missing.status_code == 404
    assert missing.json() == {
        "imsx_codeMajor": "failure",
        "imsx_severity": "error",
        "imsx_description": f"No {collection} object {UNKNOWN} in this district.",
        "imsx_codeMinor": {
            "imsx_codeMinorField": [
                {"imsx_codeMinorFieldName": "sourcedId", "imsx_codeMinorFieldValue": "unknownobject"}
            ]
        },
    }
    malformed = client.get(f"{CASE}/{collection}/not-a-uuid")
    assert malformed.status_code == 400
    assert malformed.json()["imsx_codeMajor"] == "failure"
    assert minor(malformed) == ("sourcedId", "invalid_uuid")


def test_unknown_endpoint_and_writes_answer_in_cases_shape(api, anonymous, deep):
    client = api()
    unknown = client.get(f"{CASE}/CFWidgets/{deep.identifier}")
    assert unknown.status_code == 404 and minor(unknown)[1] == "unknownobject"
    # The OpenAPI lists no 405: a write is refused as forbidden, saying which methods there are.
    write = client.post(f"{CASE}/CFDocuments", {}, format="json")
    assert write.status_code == 403 and minor(write) == ("TargetEndSystem", "forbidden")
    assert write["Allow"] == "GET, HEAD, OPTIONS"


def test_a_district_does_not_serve_another_districts_framework(api, deep, lakeview):
    item = package_item("S1.D1")["identifier"]
    riverside, lake = api(), api(district=lakeview)
    assert riverside.get(f"{CASE}/CFPackages/{deep.identifier}").status_code == 200
    for path in (f"CFDocuments/{deep.identifier}", f"CFPackages/{deep.identifier}", f"CFItems/{item}"):
        response = lake.get(f"{CASE}/{path}")
        assert response.status_code == 404 and minor(response) == ("sourcedId", "unknownobject"), path
    listed = {d["identifier"] for d in lake.get(f"{CASE}/CFDocuments").json()["CFDocuments"]}
    assert str(deep.identifier) not in listed and len(listed) == 3


def test_served_uris_use_the_districts_own_host(api, lakeview):
    Framework.objects.create(title="Local", audience="leaders", adoption_status=AdoptionStatus.ADOPTED)
    documents = api().get(f"{CASE}/CFDocuments", {"filter": "title='Local'"}).json()["CFDocuments"]
    assert documents[0]["uri"].startswith(f"http://riverside.localhost{CASE}/CFDocuments/")
    assert documents[0]["CFPackageURI"]["uri"].startswith(f"http://riverside.localhost{CASE}/CFPackages/")


def test_document_list_pages_with_limit_and_offset(api):
    for n in range(4):
        Framework.objects.create(title=f"Z{n}", audience="leaders", adoption_status=AdoptionStatus.ADOPTED)
    client = api()
    everything = client.get(f"{CASE}/CFDocuments").json()["CFDocuments"]
    assert len(everything) == 7
    page = client.get(f"{CASE}/CFDocuments", {"limit": 2, "offset": 3})
    assert page.json()["CFDocuments"] == everything[3:5]
    assert page["X-Total-Count"] == "7"
    links = {
        rel: dict(parse_qsl(urlsplit(url).query))
        for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', page["Link"])
    }
    assert {rel: int(q["offset"]) for rel, q in links.items()} == {
        "first": 0,
        "prev": 1,
        "next": 5,
        "last": 6,
    }
    assert {q["limit"] for q in links.values()} == {"2"}
    for params in ({"limit": 0}, {"limit": "ten"}, {"offset": -1}):
        refused = client.get(f"{CASE}/CFDocuments", params)
        assert refused.status_code == 400 and minor(refused) == (
            next(iter(params)),
            "invalid_selection_field",
        )


def test_document_list_sorts_filters_and_selects_fields(api):
    Framework.objects.create(
        title="Alpha Leadership", version="9", audience="leaders", adoption_status=AdoptionStatus.ADOPTED
    )
    client = api()
    titles = [d["title"] for d in client.get(f"{CASE}/CFDocuments").json()["CFDocuments"]]

    newest_first = client.get(f"{CASE}/CFDocuments", {"sort": "title", "orderBy": "desc"}).json()
    assert [d["title"] for d in newest_first["CFDocuments"]] == sorted(titles, reverse=True)

    leaders = client.get(f"{CASE}/CFDocuments", {"filter": "title~'leadership' AND version!='9'"})
    assert {d["title"] for d in leaders.json()["CFDocuments"]} == {
        t for t in titles if "leadership" in t.lower() and t != "Alpha Leadership"
    }
    either = client.get(f"{CASE}/CFDocuments", {"filter": "version='9' OR title~'Educator'"}).json()
    assert len(either["CFDocuments"]) == 2

    slim = client.get(f"{CASE}/CFDocuments", {"fields": "identifier,title", "limit": 1}).json()
    assert list(slim["CFDocuments"][0]) == ["identifier", "title"]

    for params, expected in (
        ({"sort": "colour"}, ("sort", "invalid_sort_field")),
        ({"orderBy": "sideways"}, ("orderBy", "invalid_sort_field")),
        ({"filter": "colour='red'"}, ("filter", "invalid_selection_field")),
        ({"filter": "title='a' AND version='b' OR title='c'"}, ("filter", "invalid_selection_field")),
        ({"filter": "title=unquoted"}, ("filter", "invalid_selection_field")),
        ({"fields": "identifier,colour"}, ("fields", "invalid_selection_field")),
    ):
        refused = client.get(f"{CASE}/CFDocuments", params)
        assert refused.status_code == 400 and minor(refused) == expected, params


def test_anonymous_readers_get_the_default_anonymous_rate(anonymous, settings):
    settings.API_RATE_ANON = "2/minute"
    client = anonymous()
    # Its own address: Redis keeps per-address counters across the tests' rollbacks.
    client.defaults["REMOTE_ADDR"] = f"10.99.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    assert [client.get(f"{CASE}/CFDocuments").status_code for _ in range(2)] == [200, 200]
    throttled = client.get(f"{CASE}/CFDocuments")
    assert throttled.status_code == 429 and "Retry-After" in throttled
    assert minor(throttled) == ("TargetEndSystem", "server_busy")


def test_a_bad_token_is_refused_in_cases_shape(api):
    response = api(token="lds_not-a-real-token").get(f"{CASE}/CFDocuments")
    assert response.status_code == 401 and minor(response) == ("TargetEndSystem", "unauthorised_request")


@pytest.mark.parametrize("rows", [1, 50])
def test_document_list_query_count_is_fixed(rows, anonymous):
    for n in range(rows):
        Framework.objects.create(title=f"F{n}", audience="leaders", adoption_status=AdoptionStatus.ADOPTED)
    client = anonymous()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{CASE}/CFDocuments")
    assert len(response.json()["CFDocuments"]) == 3 + rows
    # Three find the district from the host; one reads its policy (anonymous reads allowed?);
    # one reads the list. One per framework would make a harvester's first request slower
    # with every framework a district adopts.
    assert len(captured) == 5, "\n".join(q["sql"] for q in captured)


@pytest.mark.parametrize("size", ["shipped", "deep"])
def test_package_query_count_does_not_grow_with_the_framework(size, anonymous, deep):
    framework = deep if size == "deep" else Framework.objects.get(title__startswith="Building 21")
    client = anonymous()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{CASE}/CFPackages/{framework.identifier}")
    assert len(response.json()["CFItems"]) == {"shipped": 30, "deep": 42}[size]
    # Three find the district, one its policy, one the owning framework, ten load it for the
    # exporter (one per kind of object). Queries per item would make large frameworks unservable.
    assert len(captured) == 15, "\n".join(q["sql"] for q in captured)
