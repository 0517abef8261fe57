"""Who reads the CASE provider: integration clients holding the CASE scope (tokens from the
district's real token endpoint), people of the district, and, only where the district allows
it, anyone without credentials for the adopted frameworks marked public."""

import base64

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from assessments.case.importer import framework_import_case
from assessments.models import AdoptionStatus, Framework
from core.models import AuditEvent
from core.permissions import CASE_SCOPE
from core.roles import Role
from integrations.services import integration_client_create, integration_client_revoke
from schools.models import DistrictPolicy
from tests.assessments.case.test_case_exchange import golden
from tests.conftest import DistrictClient
from tests.factories import person

pytestmark = pytest.mark.django_db
CASE = "/ims/case/v1p1"


def http(district, token=None) -> DistrictClient:
    client = DistrictClient(district)
    client._return_to = connection.tenant
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def new_client(district, scopes):
    with tenant_context(district):
        issued = integration_client_create(actor=None, name="CASE harvester", scopes=scopes)
    return issued.client, issued.secret


def token_for_client(district, client_id, secret, scope=None):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    body = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    return http(district).post("/oauth/token/", body, HTTP_AUTHORIZATION=f"Basic {basic}")


def access_token(district, scopes) -> str:
    client, secret = new_client(district, scopes)
    response = token_for_client(district, client.client_id, secret)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def minor(response) -> str:
    return response.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"]


@pytest.fixture
def adopted():
    """The golden package, adopted in riverside, not marked public."""
    framework = framework_import_case(actor=None, package=golden("1.1")).framework
    Framework.objects.filter(pk=framework.pk).update(adoption_status=AdoptionStatus.ADOPTED)
    return framework


def allow_anonymous(on=True):
    DistrictPolicy.objects.update_or_create(pk=1, defaults={"case_anonymous_reads": on})


def test_a_case_client_gets_a_token_and_reads_packages_end_to_end(riverside, adopted):
    client, secret = new_client(riverside, [CASE_SCOPE])
    issued = token_for_client(riverside, client.client_id, secret, scope=CASE_SCOPE)
    assert issued.status_code == 200, issued.content
    assert issued.json()["scope"] == CASE_SCOPE and issued.json()["token_type"] == "Bearer"
    reader = http(riverside, issued.json()["access_token"])

    documents = reader.get(f"{CASE}/CFDocuments")
    assert documents.status_code == 200, documents.content
    assert str(adopted.identifier) in {d["identifier"] for d in documents.json()["CFDocuments"]}
    package = reader.get(f"{CASE}/CFPackages/{adopted.identifier}")
    assert package.status_code == 200 and len(package.json()["CFItems"]) == 42
    # Not marked public and anonymous reads off: a client reads it all the same.
    assert not Framework.objects.get(pk=adopted.pk).is_public


def test_frameworks_read_scope_opens_the_provider_too(riverside, adopted):
    reader = http(riverside, access_token(riverside, ["frameworks:read"]))
    assert reader.get(f"{CASE}/CFPackages/{adopted.identifier}").status_code == 200


def test_a_client_without_a_case_scope_is_refused(riverside, adopted):
    reader = http(riverside, access_token(riverside, ["roster:read"]))
    response = reader.get(f"{CASE}/CFPackages/{adopted.identifier}")
    assert response.status_code == 403 and response.json()["imsx_codeMajor"] == "failure"
    assert "scopes" in response.json()["imsx_description"]


def test_another_districts_token_is_refused(riverside, lakeview, adopted):
    lakeview_token = access_token(lakeview, [CASE_SCOPE])
    response = http(riverside, lakeview_token).get(f"{CASE}/CFPackages/{adopted.identifier}")
    assert response.status_code == 401 and response.json()["imsx_codeMajor"] == "failure"
    # The token works at home, where the riverside framework is unknown.
    at_home = http(lakeview, lakeview_token)
    assert at_home.get(f"{CASE}/CFDocuments").status_code == 200
    assert at_home.get(f"{CASE}/CFPackages/{adopted.identifier}").status_code == 404


def test_a_revoked_clients_token_is_refused(riverside, adopted):
    client, secret = new_client(riverside, [CASE_SCOPE])
    token = token_for_client(riverside, client.client_id, secret).json()["access_token"]
    reader = http(riverside, token)
    assert reader.get(f"{CASE}/CFDocuments").status_code == 200
    integration_client_revoke(actor=None, client=client)
    refused = reader.get(f"{CASE}/CFDocuments")
    assert refused.status_code == 401 and refused.json()["imsx_codeMajor"] == "failure"
    assert token_for_client(riverside, client.client_id, secret).status_code in (400, 401)


def test_people_of_the_district_read_every_adopted_framework(api, adopted):
    reader = api(person(Role.TEACHER))
    assert reader.get(f"{CASE}/CFPackages/{adopted.identifier}").status_code == 200


def test_anonymous_reads_are_off_by_default(riverside, adopted):
    Framework.objects.filter(pk=adopted.pk).update(is_public=True)
    assert DistrictPolicy.current().case_anonymous_reads is False
    for path in (f"{CASE}/CFDocuments", f"{CASE}/CFPackages/{adopted.identifier}"):
        refused = http(riverside).get(path)
        assert refused.status_code == 401, (path, refused.content)
        assert refused.json()["imsx_codeMajor"] == "failure"


def test_anonymous_readers_get_only_adopted_public_frameworks_when_allowed(riverside, adopted):
    allow_anonymous()
    reader = http(riverside)
    assert reader.get(f"{CASE}/CFDocuments").json()["CFDocuments"] == [], "nothing is public yet"
    assert reader.get(f"{CASE}/CFPackages/{adopted.identifier}").status_code == 404

    Framework.objects.filter(pk=adopted.pk).update(is_public=True)
    listed = reader.get(f"{CASE}/CFDocuments").json()["CFDocuments"]
    assert [d["identifier"] for d in listed] == [str(adopted.identifier)]
    package = reader.get(f"{CASE}/CFPackages/{adopted.identifier}")
    assert package.status_code == 200
    item = package.json()["CFItems"][0]["identifier"]
    assert reader.get(f"{CASE}/CFItems/{item}").status_code == 200

    # Public but back to draft: no longer served.
    Framework.objects.filter(pk=adopted.pk).update(adoption_status=AdoptionStatus.DRAFT)
    assert reader.get(f"{CASE}/CFPackages/{adopted.identifier}").status_code == 404
    assert reader.get(f"{CASE}/CFItems/{item}").status_code == 404

    # The district turns anonymous reads off again.
    Framework.objects.filter(pk=adopted.pk).update(adoption_status=AdoptionStatus.ADOPTED)
    allow_anonymous(False)
    assert reader.get(f"{CASE}/CFPackages/{adopted.identifier}").status_code == 401


def test_anonymous_item_associations_leave_out_other_non_public_frameworks(riverside, adopted):
    """CFItemAssociations gathers associations from the district's other frameworks: only
    public ones for an anonymous reader."""
    allow_anonymous()
    Framework.objects.filter(pk=adopted.pk).update(is_public=True)
    package = http(riverside).get(f"{CASE}/CFPackages/{adopted.identifier}").json()
    wanted = package["CFItems"][0]["identifier"]
    pointing = _pointing_at(wanted)
    other = framework_import_case(actor=None, package=pointing).framework
    Framework.objects.filter(pk=other.pk).update(adoption_status=AdoptionStatus.ADOPTED)
    others = {association["identifier"] for association in pointing["CFAssociations"]}

    def elsewhere(client):
        found = client.get(f"{CASE}/CFItemAssociations/{wanted}").json()["CFAssociations"]
        return [a for a in found if a["identifier"] in others]

    assert elsewhere(http(riverside)) == []
    assert len(elsewhere(http(riverside, access_token(riverside, [CASE_SCOPE])))) == 1
    Framework.objects.filter(pk=other.pk).update(is_public=True)
    assert len(elsewhere(http(riverside))) == 1


def _pointing_at(identifier: str) -> dict:
    """A small package of its own with one association to `identifier`."""
    package = golden("1.1")
    import uuid

    doc = str(uuid.uuid4())
    item = str(uuid.uuid4())
    base = "https://example.org/other"
    document = {**package["CFDocument"], "identifier": doc, "uri": f"{base}/{doc}", "title": "Other"}
    document.pop("CFPackageURI", None)
    source = package["CFItems"][0]
    new_item = {
        k: v for k, v in source.items() if k not in ("identifier", "uri", "CFDocumentURI", "CFItemTypeURI")
    }
    new_item.update(identifier=item, uri=f"{base}/{item}")
    doc_link = {"title": "Other", "identifier": doc, "uri": f"{base}/{doc}"}
    association = {
        "identifier": str(uuid.uuid4()),
        "uri": f"{base}/a",
        "associationType": "exactMatchOf",
        "originNodeURI": {"title": "x", "identifier": item, "uri": f"{base}/{item}"},
        "destinationNodeURI": {
            "title": "y",
            "identifier": identifier,
            "uri": f"https://example.org/{identifier}",
        },
        "lastChangeDateTime": source["lastChangeDateTime"],
        "CFDocumentURI": doc_link,
    }
    new_item["CFDocumentURI"] = doc_link
    return {"CFDocument": document, "CFItems": [new_item], "CFAssociations": [association]}


def test_one_districts_setting_does_not_open_another(riverside, lakeview, adopted):
    Framework.objects.filter(pk=adopted.pk).update(is_public=True)
    with tenant_context(lakeview):
        allow_anonymous()
    assert http(lakeview).get(f"{CASE}/CFDocuments").status_code == 200
    assert http(lakeview).get(f"{CASE}/CFPackages/{adopted.identifier}").status_code == 404
    assert http(riverside).get(f"{CASE}/CFPackages/{adopted.identifier}").status_code == 401


# The setting and the mark -------------------------------------------------------------


def test_admins_turn_anonymous_reads_on_through_the_api_audited(api):
    admin = person(Role.DISTRICT_ADMIN)
    client = api(admin)
    assert client.get("/api/v1/district-policy/").json()["case_anonymous_reads"] is False
    changed = client.patch("/api/v1/district-policy/", {"case_anonymous_reads": True}, format="json")
    assert changed.status_code == 200 and changed.json()["case_anonymous_reads"] is True
    event = AuditEvent.objects.get(action="policy.updated")
    assert event.data == {"case_anonymous_reads": [False, True]} and event.actor == admin
    bad = client.patch("/api/v1/district-policy/", {"case_anonymous_reads": "maybe"}, format="json")
    assert bad.status_code == 400 and "case_anonymous_reads" in bad.json()["error"]["fields"]
    teacher = api(person(Role.TEACHER)).patch(
        "/api/v1/district-policy/", {"case_anonymous_reads": False}, format="json"
    )
    assert teacher.status_code == 403


def test_admins_mark_a_framework_public_through_the_api(api, adopted):
    client = api(person(Role.DISTRICT_ADMIN))
    marked = client.patch(f"/api/v1/frameworks/{adopted.pk}/", {"is_public": True}, format="json")
    assert marked.status_code == 200 and marked.json()["is_public"] is True
    assert AuditEvent.objects.filter(action="framework.updated", target_id=str(adopted.pk)).exists()
    refused = api(person(Role.CENTRAL_OFFICE)).patch(
        f"/api/v1/frameworks/{adopted.pk}/", {"is_public": False}, format="json"
    )
    assert refused.status_code == 403


def test_the_settings_page_turns_anonymous_reads_on(client):
    admin = person(Role.DISTRICT_ADMIN)
    client.force_login(admin)
    page = client.get("/settings/", HTTP_HOST="riverside.localhost")
    assert page.status_code == 200
    assert b"Anyone may read our public frameworks from the CASE provider" in page.content
