"""Personal API tokens: create one, see its secret exactly once, use it, revoke it."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import unique

ME_URL = "/api/v1/me/"


def api_status(page, secret: str) -> int:
    """The status of an API call made with the token from the page's own origin (the
    test process cannot resolve *.localhost names; Chromium can)."""
    return page.evaluate(
        """async ([url, secret]) => {
            const response = await fetch(url, {headers: {Authorization: `Bearer ${secret}`},
                                               credentials: "omit"});
            return response.status;
        }""",
        [ME_URL, secret],
    )


def token_row(page, name):
    return page.get_by_role("row").filter(has_text=name)


def create_token(page, name) -> str:
    page.goto("/accounts/tokens/")
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_test_id("new-token")
    expect(secret).to_have_text(re.compile(r"^lds_\S{20,}$"))
    return secret.inner_text()


def test_new_token_secret_is_shown_once_and_works(page, district, sign_in_as):
    sign_in_as(district.person("teacher"))
    name = unique("Roster sync")

    secret = create_token(page, name)

    expect(page.get_by_role("heading", name="Copy your new token now")).to_be_visible()
    expect(token_row(page, name).locator(".badge")).to_have_text("active")
    expect(token_row(page, name).get_by_role("code")).to_have_text(f"{secret[:10]}…")
    assert api_status(page, secret) == 200

    page.reload()
    expect(page.get_by_test_id("new-token")).to_have_count(0)
    expect(page.get_by_text(secret)).to_have_count(0)
    expect(token_row(page, name)).to_have_count(1)  # reloading did not issue a second token


def test_revoked_token_stops_working(page, district, sign_in_as):
    sign_in_as(district.person("teacher"))
    name = unique("Old integration")
    secret = create_token(page, name)
    page.goto("/accounts/tokens/")

    page.get_by_role("button", name=f"Revoke {name}").click()

    expect(page.get_by_role("status")).to_have_text(f"Revoked “{name}”. Requests using it now fail.")
    expect(token_row(page, name).locator(".badge")).to_have_text("revoked")
    expect(page.get_by_role("button", name=f"Revoke {name}")).to_have_count(0)
    assert api_status(page, secret) == 401


def test_token_name_is_required(page, district, sign_in_as):
    sign_in_as(district.person("teacher"))
    page.goto("/accounts/tokens/")

    page.get_by_role("button", name="Create token").click()

    expect(page.locator("#id_name + .errorlist")).to_have_text("This field is required.")
    expect(page.get_by_test_id("new-token")).to_have_count(0)
