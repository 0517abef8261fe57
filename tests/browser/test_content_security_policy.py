"""Every page a person reaches from the menu is served under the Content-Security-Policy and
breaks none of it (the conftest fails a test on any refusal the browser reports), for each
kind of person, and so are the pages outside the menu that carry their own scripts: the API
docs, an email preview with its framed email, the sign-in page with a single sign-on button,
and the platform operators' admin (docs/security/content-security-policy.md)."""

import re
import uuid
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, wait_until
from tests.support import totp_code


def menu_paths(page) -> list[str]:
    """Every page the main menu links to, the Account group's included."""
    hrefs = page.locator("#site-menu a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return sorted({href for href in hrefs if href.startswith("/")})


HTMX_IDLE = (
    "!window.htmx || !document.querySelector('.htmx-request, .htmx-swapping, .htmx-added, .htmx-settling')"
)


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, f"{path}: {policy!r}"
    # Refusals are reported once the page's scripts have run (they have, when goto returns
    # after the load event: charts are drawn then) and HTMX's requests are done, the only
    # ones a page makes after loading (no page script fetches; the API docs wait for theirs
    # below). Playwright's "networkidle" also waits that long, then 500 ms more on every page.
    wait_until(page, HTMX_IDLE)


@pytest.mark.parametrize("role", ["teacher", "coach", "school_leader", "district_admin"])
def test_every_menu_page_keeps_to_the_policy(page, district, sign_in_as, role):
    school = district.school()
    person = district.person(role, school=school, first_name="Casey")
    if role == "school_leader":
        district.supervise(person, district.person("teacher", school=school))
    sign_in_as(person)
    page.goto("/")
    paths = menu_paths(page)
    assert len(paths) >= 6, paths

    for path in paths:
        visit(page, path)


def test_api_docs_and_an_email_preview_keep_to_the_policy(admin_page):
    page = admin_page
    visit(page, "/api/docs/")
    page.wait_for_load_state("networkidle")  # Swagger UI fetches the schema, then draws it
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Lodestar API")

    visit(page, "/emails/window-reminder/")
    frame = page.frame_locator("iframe.email-frame")
    expect(frame.get_by_text("Your self-assessment on")).to_be_visible()
    # The email's own inline styles apply inside its frame (its answer's policy allows them).
    button = frame.get_by_role("link", name="Go to your self-assessment")
    assert button.evaluate("a => getComputedStyle(a).display") == "inline-block"


def test_the_sign_in_page_lets_a_single_sign_on_button_go_on_to_the_provider(page, district):
    from identity.models import IdentityProvider

    issuer = "https://login.example.net/district"
    with tenant_context(district.district):
        provider = IdentityProvider.objects.create(
            kind="oidc",
            name=f"Example {uuid.uuid4().hex[:6]}",
            slug=f"example-{uuid.uuid4().hex[:6]}",
            issuer=issuer,
            client_id="lodestar",
            client_secret="secret",
            enabled=True,
        )
    try:
        response = page.goto("/accounts/login/")
        form_action = next(
            part for part in response.headers["content-security-policy"].split(";") if "form-action" in part
        )
        assert form_action.split() == ["form-action", "'self'", "https://login.example.net"]
        expect(page.get_by_role("button", name=f"Continue with {provider.name}")).to_be_visible()
    finally:
        with tenant_context(district.district):
            provider.delete()


def test_the_operators_admin_keeps_to_the_policy(page, live_server):
    """Signing in with a password and a code, then the districts' list and a change form.
    The operator stays behind, like every browser test's data (unique, dropped with the
    test database): deleting a user from the public schema reaches into district tables."""
    from accounts.models import User

    email = f"ops-{uuid.uuid4().hex[:8]}@lodestar.example"
    connection.set_schema_to_public()
    operator = User.objects.create_superuser(email, PASSWORD, first_name="Olu", last_name="Ops")
    device = TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    public = f"http://localhost:{urlsplit(live_server).port}"
    visit(page, f"{public}/admin/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label(re.compile("code", re.IGNORECASE)).fill(totp_code(device))
    page.get_by_role("button", name=re.compile("Log in|Sign in")).click()
    expect(page.get_by_role("heading", name="Districts")).to_be_visible()
    visit(page, f"{public}/admin/district/district/")
    page.get_by_role("link", name="hillcrest", exact=False).first.click()
    expect(page.locator("#content h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
