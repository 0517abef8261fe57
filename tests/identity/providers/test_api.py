"""`/api/v1/identity-providers/` and `/api/v1/sign-in-policy/`: district administrators only,
the client secret write-only, each district's providers its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from core.roles import Role
from identity.models import IdentityProvider
from identity.providers.services import identity_provider_create
from tests.factories import person
from tests.support import assert_queries

pytestmark = pytest.mark.django_db

SECRET = "very-secret-value-4711"
URL = "/api/v1/identity-providers/"


def google(**overrides):
    return {
        "kind": "google",
        "client_id": "123.apps.googleusercontent.com",
        "client_secret": SECRET,
        "allowed_domains": ["riverside.k12.us"],
        **overrides,
    }


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


def test_admin_connects_google_and_the_secret_is_never_answered(api, admin):
    client = api(admin)
    created = client.post(URL, google(), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["issuer"] == "https://accounts.google.com"
    assert body["name"] == "Google Workspace"
    assert body["slug"] == "google"
    assert body["client_secret_set"] is True
    assert "client_secret" not in body
    assert body["redirect_uri"] == "http://riverside.localhost/accounts/oidc/google/login/callback/"
    for response in (
        created,
        client.get(URL),
        client.get(f"{URL}{body['id']}/"),
        client.patch(f"{URL}{body['id']}/", {"name": "Staff Google"}, format="json"),
    ):
        assert response.status_code in (200, 201)
        assert SECRET not in response.content.decode()
    for event in AuditEvent.objects.filter(action__startswith="identity_provider."):
        assert SECRET not in str(event.data)
    assert AuditEvent.objects.get(action="identity_provider.created").data["client_secret"] == "(changed)"


def test_entra_issuer_is_built_from_the_tenant_id(api, admin):
    response = api(admin).post(
        URL, google(kind="microsoft", tenant_id="8f0e7a2c-1111-4b9e-9c7d-5a5b5c5d5e5f"), format="json"
    )
    assert response.status_code == 201, response.content
    assert (
        response.json()["issuer"]
        == "https://login.microsoftonline.com/8f0e7a2c-1111-4b9e-9c7d-5a5b5c5d5e5f/v2.0"
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (google(kind="microsoft"), "issuer"),
        (google(kind="oidc"), "issuer"),
        (google(kind="oidc", issuer="http://idp.example.com"), "issuer"),
        (google(kind="oidc", issuer="not a url"), "issuer"),
        (google(allowed_domains=[]), "allowed_domains"),
        (google(allowed_domains=["not a domain"]), "allowed_domains"),
        (google(client_secret=""), "client_secret"),
        (google(kind="myspace"), "kind"),
        (google(sourced_id_claim="bad claim!"), "sourced_id_claim"),
        (google(is_superuser=True), "is_superuser"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, admin, payload, field):
    response = api(admin).post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert not IdentityProvider.objects.exists()


def test_a_loopback_issuer_is_refused_unless_development_allows_it(api, admin, settings):
    settings.SSO_ALLOW_LOOPBACK_ISSUER = False
    for issuer in ("http://127.0.0.1:8080", "https://localhost/realms/x"):
        response = api(admin).post(URL, google(kind="oidc", issuer=issuer), format="json")
        assert response.status_code == 400
        assert response.json()["error"]["fields"]["issuer"] == [
            "The issuer must be a public address, not this server's own."
        ]


def test_blank_secret_keeps_it_and_a_new_one_replaces_it(api, admin):
    provider = identity_provider_create(actor=admin, **google())
    client = api(admin)
    assert client.patch(f"{URL}{provider.pk}/", {"client_secret": ""}, format="json").status_code == 200
    provider.refresh_from_db()
    assert provider.client_secret == SECRET
    assert (
        client.patch(f"{URL}{provider.pk}/", {"client_secret": "rotated-2"}, format="json").status_code == 200
    )
    provider.refresh_from_db()
    assert provider.client_secret == "rotated-2"
    assert AuditEvent.objects.filter(action="identity_provider.updated").last().data == {
        "client_secret": "(changed)"
    }


def test_slug_and_kind_cannot_change(api, admin):
    provider = identity_provider_create(actor=admin, **google())
    response = api(admin).patch(f"{URL}{provider.pk}/", {"slug": "other", "kind": "clever"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"slug", "kind"}


def test_admin_removes_a_provider(api, admin):
    provider = identity_provider_create(actor=admin, **google())
    assert api(admin).delete(f"{URL}{provider.pk}/").status_code == 204
    assert not IdentityProvider.objects.exists()


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE, None])
def test_only_district_admins_reach_identity_providers(api, admin, role):
    provider = identity_provider_create(actor=admin, **google())
    client = api(person(role) if role else person())
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{provider.pk}/").status_code == 403
    assert client.post(URL, google(), format="json").status_code == 403
    assert client.delete(f"{URL}{provider.pk}/").status_code == 403
    assert client.get("/api/v1/sign-in-policy/").status_code == 403
    assert IdentityProvider.objects.count() == 1


def test_anonymous_gets_401(api):
    assert api().get(URL).status_code == 401


def test_lakeviews_providers_are_not_riversides(api, admin, lakeview, in_district):
    with in_district(lakeview):
        theirs = identity_provider_create(actor=None, **google(client_id="lakeview-client"))
    client = api(admin)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.patch(f"{URL}{theirs.pk}/", {"name": "x"}, format="json").status_code == 404
    with in_district(lakeview):
        assert IdentityProvider.objects.get(pk=theirs.pk).name == "Google Workspace"


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_does_not_grow_with_rows(api, admin, rows):
    IdentityProvider.objects.bulk_create(
        IdentityProvider(
            kind="oidc",
            name=f"Provider {i}",
            slug=f"oidc-{i}",
            issuer="https://idp.example.com",
            client_id=f"c{i}",
            client_secret=SECRET,
            allowed_domains=["riverside.k12.us"],
        )
        for i in range(rows)
    )
    client = api(admin)
    client.get("/api/v1/me/")  # the first request stamps the token's last use
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"page_size": 100})
    assert response.json()["count"] == rows
    assert SECRET not in response.content.decode()
    # the host's district, the search path twice, the token with its user, the admin's
    # roles; then COUNT and the rows: 7 at any size.
    assert_queries(captured, 7, "the identity providers list must not query per provider")


def test_require_sso_needs_a_provider_and_a_break_glass_admin(api, admin):
    client = api(admin)
    url = "/api/v1/sign-in-policy/"
    response = client.patch(url, {"require_sso": True, "break_glass": [admin.pk]}, format="json")
    assert response.status_code == 400 and "require_sso" in response.json()["error"]["fields"]
    identity_provider_create(actor=admin, **google())
    response = client.patch(url, {"require_sso": True}, format="json")
    assert response.status_code == 400 and "break_glass" in response.json()["error"]["fields"]
    teacher = person(Role.TEACHER)
    response = client.patch(url, {"require_sso": True, "break_glass": [teacher.pk]}, format="json")
    assert response.status_code == 400 and "break_glass" in response.json()["error"]["fields"]
    response = client.patch(url, {"require_sso": True, "break_glass": [admin.pk]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["require_sso"] is True and response.json()["break_glass"] == [admin.pk]
    assert AuditEvent.objects.filter(action="sign_in_policy.updated").exists()


def test_the_last_provider_cannot_go_while_sso_is_required(api, admin):
    provider = identity_provider_create(actor=admin, **google())
    client = api(admin)
    client.patch("/api/v1/sign-in-policy/", {"require_sso": True, "break_glass": [admin.pk]}, format="json")
    assert client.delete(f"{URL}{provider.pk}/").status_code == 400
    response = client.patch(f"{URL}{provider.pk}/", {"enabled": False}, format="json")
    assert response.status_code == 400 and "enabled" in response.json()["error"]["fields"]
