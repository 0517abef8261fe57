"""The identity providers page (`/integrations/identity/`): district administrators only;
the secret is never shown back."""

import pytest

from core.roles import Role
from identity.models import IdentityProvider, SignInPolicy
from identity.providers.services import identity_provider_create
from tests.factories import person
from tests.support import get, post, signed_in

pytestmark = pytest.mark.django_db

SECRET = "page-secret-31337"
# The host's district and search path, session and user, roles, then the providers, the
# policy, its break-glass people and the candidates: the same at any number of providers.
PAGE_QUERIES = 11


def test_admin_connects_a_provider_and_sees_the_redirect_uri(client):
    signed_in(client, person(Role.DISTRICT_ADMIN))
    response = post(
        client,
        "/integrations/identity/new/",
        {
            "kind": "clever",
            "client_id": "clever-client",
            "client_secret": SECRET,
            "allowed_domains": "riverside.k12.us, staff.riverside.k12.us",
            "enabled": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    provider = IdentityProvider.objects.get()
    assert provider.issuer == "https://clever.com"
    assert provider.allowed_domains == ["riverside.k12.us", "staff.riverside.k12.us"]
    page = get(client, "/integrations/identity/").content.decode()
    assert "http://riverside.localhost/accounts/oidc/clever/login/callback/" in page
    assert SECRET not in page
    assert SECRET not in get(client, f"/integrations/identity/{provider.pk}/").content.decode()


def test_bad_input_is_shown_next_to_the_field(client):
    signed_in(client, person(Role.DISTRICT_ADMIN))
    response = post(
        client,
        "/integrations/identity/new/",
        {"kind": "oidc", "client_id": "c", "client_secret": SECRET, "allowed_domains": "riverside.k12.us"},
    )
    assert response.status_code == 400
    assert "Give the provider&#x27;s issuer URL." in response.content.decode()
    assert SECRET not in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_editing_with_a_blank_secret_keeps_it(client):
    admin = person(Role.DISTRICT_ADMIN)
    signed_in(client, admin)
    provider = identity_provider_create(
        actor=admin, kind="google", client_id="g", client_secret=SECRET, allowed_domains=["riverside.k12.us"]
    )
    response = post(
        client,
        f"/integrations/identity/{provider.pk}/",
        {
            "name": "Staff Google",
            "issuer": provider.issuer,
            "client_id": "g",
            "client_secret": "",
            "allowed_domains": "riverside.k12.us",
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.name == "Staff Google" and provider.client_secret == SECRET


def test_admin_requires_sso_with_a_break_glass_admin(client):
    admin = person(Role.DISTRICT_ADMIN)
    signed_in(client, admin)
    identity_provider_create(
        actor=admin, kind="google", client_id="g", client_secret=SECRET, allowed_domains=["riverside.k12.us"]
    )
    refused = post(client, "/integrations/identity/", {"require_sso": "on"})
    assert refused.status_code == 400
    assert "break-glass administrator" in refused.content.decode()
    assert (
        post(
            client, "/integrations/identity/", {"require_sso": "on", "break_glass": [str(admin.pk)]}
        ).status_code
        == 302
    )
    policy = SignInPolicy.current()
    assert policy.require_sso and list(policy.break_glass.all()) == [admin]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.CENTRAL_OFFICE])
def test_other_roles_get_the_403_page(client, role):
    signed_in(client, person(role))
    assert get(client, "/integrations/identity/").status_code == 403
    assert get(client, "/integrations/identity/new/").status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    response = get(client, "/integrations/identity/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("rows", [1, 50])
def test_the_page_makes_the_same_queries_at_1_and_50_providers(client, rows):
    from tests.support import assert_queries, page_queries

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
    signed_in(client, person(Role.DISTRICT_ADMIN))
    _, captured = page_queries(client, "/integrations/identity/", warm=True)
    assert_queries(captured, PAGE_QUERIES, "the identity providers page must not query per provider")
