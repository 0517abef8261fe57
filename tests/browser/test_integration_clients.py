"""Integration clients: an administrator creates one, copies the secret shown once, the
client gets a token from the district's token endpoint and uses it; revoking stops it."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import unique


def token_then_call(page, client_id: str, secret: str) -> list[int]:
    """From the page's own origin (Chromium resolves *.localhost): the token endpoint's
    status, then the status of GET /api/v1/schools/ with the token it gave."""
    return page.evaluate(
        """async ([id, secret]) => {
            const token = await fetch("/oauth/token/", {method: "POST", credentials: "omit",
                headers: {"Authorization": "Basic " + btoa(id + ":" + secret),
                          "Content-Type": "application/x-www-form-urlencoded"},
                body: "grant_type=client_credentials"});
            if (token.status !== 200) return [token.status, 0];
            const {access_token} = await token.json();
            const api = await fetch("/api/v1/schools/", {credentials: "omit",
                headers: {Authorization: `Bearer ${access_token}`}});
            return [token.status, api.status];
        }""",
        [client_id, secret],
    )


def test_admin_creates_a_client_sees_the_secret_once_and_revokes_it(page, district, sign_in_as):
    sign_in_as(district.admin())
    name = unique("SIS sync")
    page.goto("/integrations/clients/")

    page.get_by_label("Name").fill(name)
    page.get_by_role("checkbox", name=re.compile(r"roster:read —")).check()
    page.get_by_role("button", name="Create client").click()

    expect(page.get_by_role("heading", name=re.compile("copy the secret now"))).to_be_visible()
    client_id = page.get_by_test_id("client-id").inner_text()
    secret = page.get_by_test_id("client-secret").inner_text()
    assert len(secret) > 40
    row = page.get_by_role("row").filter(has_text=name)
    expect(row.locator(".badge")).to_have_text("active")
    assert token_then_call(page, client_id, secret) == [200, 200]

    page.reload()
    expect(page.get_by_test_id("client-secret")).to_have_count(0)
    expect(page.get_by_text(secret)).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text=name)).to_have_count(1)

    page.get_by_role("button", name=f"Revoke {name}").click()
    expect(page.get_by_role("status")).to_have_text(f"Revoked “{name}”. Its tokens stop working now.")
    expect(row.locator(".badge")).to_have_text("revoked")
    assert token_then_call(page, client_id, secret)[0] == 401


def test_scopes_are_required(page, district, sign_in_as):
    sign_in_as(district.admin())
    page.goto("/integrations/clients/")
    page.get_by_label("Name").fill(unique("No scopes"))
    page.get_by_role("button", name="Create client").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_test_id("client-secret")).to_have_count(0)
