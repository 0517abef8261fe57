"""/api/v1/credentials/: who sees which credentials, revoking, the Open Badges export."""

import pytest

from core.models import AuditEvent
from core.roles import Role
from notifications.models import Kind, Notification
from pathways.credentials.openbadges import credential_document
from pathways.credentials.services import credential_revoke
from pathways.credentials.signing import verify_credential_jwt
from pathways.models import Credential
from tests.factories import SupervisionFactory, person
from tests.pathways.factories import earned_credential

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    teacher = person(Role.TEACHER)
    colleague = person(Role.TEACHER)
    leader = person(Role.SCHOOL_LEADER)
    SupervisionFactory(supervisor=leader, supervisee=teacher)
    return {
        "teacher": teacher,
        "colleague": colleague,
        "leader": leader,
        "central": person(Role.CENTRAL_OFFICE),
        "admin": person(Role.DISTRICT_ADMIN),
        "mine": earned_credential(teacher, answers=False),
        "theirs": earned_credential(colleague, answers=False),
    }


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("who", "sees"),
    [("teacher", {"mine"}), ("colleague", {"theirs"}), ("leader", {"mine"}), ("central", {"mine", "theirs"}),
     ("admin", {"mine", "theirs"})],
)  # fmt: skip
def test_list_shows_own_supervisees_or_everything(api, people, who, sees):
    assert ids(api(people[who]).get("/api/v1/credentials/")) == {people[name].pk for name in sees}


def test_detail_of_an_invisible_credential_is_404(api, people):
    client = api(people["teacher"])
    assert client.get(f"/api/v1/credentials/{people['mine'].pk}/").status_code == 200
    assert client.get(f"/api/v1/credentials/{people['theirs'].pk}/").status_code == 404
    assert client.get("/api/v1/credentials/999999/").status_code == 404
    assert client.get("/api/v1/credentials/nope/").status_code == 404


def test_detail_shape(api, people):
    body = api(people["teacher"]).get(f"/api/v1/credentials/{people['mine'].pk}/").json()
    mc = people["mine"].micro_credential
    assert body["title"] == mc.title
    assert body["competency"] == mc.competency_id
    assert body["competency_code"] == mc.competency.code
    assert body["status"] == "valid"
    assert body["verification_url"] == f"http://riverside.localhost/credentials/{people['mine'].public_id}/"


def test_filters(api, people):
    client = api(people["admin"])
    assert ids(client.get("/api/v1/credentials/", {"person": people["colleague"].pk})) == {
        people["theirs"].pk
    }
    assert ids(client.get("/api/v1/credentials/", {"kind": "pathway"})) == set()
    credential_revoke(actor=people["admin"], credential=people["theirs"], reason="Error.")
    assert ids(client.get("/api/v1/credentials/", {"valid": "true"})) == {people["mine"].pk}
    assert ids(client.get("/api/v1/credentials/", {"valid": "false"})) == {people["theirs"].pk}


@pytest.mark.parametrize(("name", "value"), [("person", "x"), ("kind", "badge"), ("valid", "maybe")])
def test_bad_filter_values_are_a_400_naming_the_field(api, people, name, value):
    response = api(people["admin"]).get("/api/v1/credentials/", {name: value})
    assert response.status_code == 400
    assert name in response.json()["error"]["fields"]


def test_admin_revokes_with_a_reason_and_the_holder_is_told(api, people):
    credential = people["mine"]
    response = api(people["admin"]).post(
        f"/api/v1/credentials/{credential.pk}/revoke/", {"reason": "Evidence was not the teacher's own."}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "revoked"
    assert response.json()["revocation_reason"] == "Evidence was not the teacher's own."
    credential.refresh_from_db()
    assert credential.revoked_by == people["admin"] and credential.revoked_at is not None
    note = Notification.objects.get(recipient=people["teacher"], kind=Kind.CREDENTIAL_REVOKED)
    assert note.url == f"/credentials/{credential.public_id}/"
    assert "Evidence was not the teacher's own." in note.body
    assert AuditEvent.objects.filter(action="credential.revoked", target_id=str(credential.pk)).exists()


def test_revoke_refusals(api, people):
    credential = people["mine"]
    url = f"/api/v1/credentials/{credential.pk}/revoke/"
    admin = api(people["admin"])
    blank = admin.post(url, {"reason": "   "})
    assert blank.status_code == 400 and "reason" in blank.json()["error"]["fields"]
    assert admin.post(url, {}).status_code == 400
    assert admin.post(url, {"reason": "x", "revoked_at": "2020-01-01"}).json()["error"]["fields"] == {
        "revoked_at": ["Unknown field."]
    }
    assert api(people["teacher"]).post(url, {"reason": "Mine to drop"}).status_code == 403
    assert api(people["leader"]).post(url, {"reason": "x"}).status_code == 403
    assert api(people["central"]).post(url, {"reason": "x"}).status_code == 403
    assert api(people["colleague"]).post(url, {"reason": "x"}).status_code == 404
    assert admin.post(url, {"reason": "First"}).status_code == 200
    again = admin.post(url, {"reason": "Second"})
    assert again.status_code == 400
    assert "already revoked" in again.json()["error"]["fields"]["status"][0]
    credential.refresh_from_db()
    assert credential.revocation_reason == "First"


def test_openbadge_json_and_jwt(api, people):
    credential = people["mine"]
    client = api(people["teacher"])
    document = client.get(f"/api/v1/credentials/{credential.pk}/openbadge/")
    assert document.status_code == 200
    assert document.json() == credential_document(credential)
    signed = client.get(f"/api/v1/credentials/{credential.pk}/openbadge/", {"format": "jwt"})
    assert signed.status_code == 200
    assert signed["Content-Type"] == "application/vc+jwt"
    assert verify_credential_jwt(signed.content.decode()) == credential_document(credential)
    assert (
        client.get(f"/api/v1/credentials/{people['theirs'].pk}/openbadge/", {"format": "jwt"}).status_code
        == 404
    )


def test_riverside_credentials_are_invisible_from_lakeview(api, people, lakeview, in_district):
    with in_district(lakeview):
        admin = person(Role.DISTRICT_ADMIN)
    client = api(admin, district=lakeview)
    assert ids(client.get("/api/v1/credentials/")) == set()
    assert client.get(f"/api/v1/credentials/{people['mine'].pk}/").status_code == 404
    assert client.post(f"/api/v1/credentials/{people['mine'].pk}/revoke/", {"reason": "x"}).status_code == 404
    assert api(district=lakeview).get(f"/credentials/{people['mine'].public_id}/").status_code == 404
    assert (
        api(district=lakeview).get(f"/credentials/{people['mine'].public_id}/openbadge.json").status_code
        == 404
    )
    assert Credential.objects.get(pk=people["mine"].pk).is_valid


def test_anonymous_is_401(api, people):
    assert api().get("/api/v1/credentials/").status_code == 401
    assert api().get(f"/api/v1/credentials/{people['mine'].pk}/openbadge/").status_code == 401


def test_schema_documents_the_endpoints(api, people):
    schema = api(people["teacher"]).get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/credentials/", "/api/v1/credentials/{id}/", "/api/v1/credentials/{id}/revoke/",
        "/api/v1/credentials/{id}/openbadge/", "/api/v1/credentials/record/", "/api/v1/credentials/verify/",
    ):  # fmt: skip
        assert path in paths, path
    assert {"400", "403", "404"} <= set(paths["/api/v1/credentials/{id}/revoke/"]["post"]["responses"])


def test_awarding_notifies_nobody_and_is_audited(people):
    # The decision (reviews) and the completed pathway (programs) are what people are told.
    assert not Notification.objects.filter(recipient=people["teacher"]).exists()
    assert AuditEvent.objects.filter(action="credential.awarded", target_id=str(people["mine"].pk)).exists()
