"""A district administrator turns on two-factor sign-in and then signs in with a code."""

from playwright.sync_api import expect

from tests.browser.conftest import path_is, sign_in_with_form
from tests.support import totp_code


def test_admin_sets_up_an_authenticator_app_and_signs_in_with_its_code(page, district, sign_in_as):
    admin = district.admin(first_name="Tova")
    sign_in_as(admin)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    nav.locator("summary", has_text="Account").click()
    nav.get_by_role("link", name="Two-factor sign-in").click()

    page.get_by_role("button", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("Two-factor sign-in is on.")).to_be_visible()

    page.context.clear_cookies()
    sign_in_with_form(page, admin.email)
    expect(page).to_have_url(path_is("/accounts/login/code/"))
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret, ahead=1))
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(path_is("/"))
    expect(page.get_by_role("heading", name="Welcome, Tova")).to_be_visible()
