"""Signing in and out, the password reset request, and what the home page shows."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import path_is, sign_in_with_form, unique

WRONG_CREDENTIALS = "That email and password do not match an active account in this district."


def test_right_password_lands_on_home_showing_role_and_school(page, district):
    school = district.school(name=unique("Maple Elementary"))
    teacher = district.person("teacher", school=school, first_name="Tomas", position="Grade 3 teacher")

    page.goto("/")
    expect(page).to_have_url(path_is("/accounts/login/"))
    page.get_by_label("Email").fill(teacher.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(path_is("/"))
    expect(page.get_by_role("heading", name="Welcome, Tomas")).to_be_visible()
    expect(page.get_by_text("Your roles: Teacher")).to_be_visible()
    role_row = page.get_by_role("row").filter(has_text=school.name)
    expect(role_row.get_by_role("cell").nth(0)).to_have_text("Teacher")
    expect(role_row.get_by_role("cell").nth(2)).to_have_text("Grade 3 teacher")
    your_schools = page.get_by_role("region", name="Your schools")
    expect(your_schools).to_contain_text(school.name)
    expect(your_schools).to_contain_text(school.code)


def test_wrong_password_shows_the_error_and_stays_on_sign_in(page, district):
    teacher = district.person("teacher")

    sign_in_with_form(page, teacher.email, "not-the-password")

    expect(page).to_have_url(path_is("/accounts/login/"))
    expect(page.get_by_role("alert")).to_have_text(WRONG_CREDENTIALS)
    expect(page.get_by_label("Email")).to_have_value(teacher.email)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_deactivated_person_cannot_sign_in(page, district):
    teacher = district.person("teacher")
    district.deactivate(teacher)

    sign_in_with_form(page, teacher.email)

    expect(page).to_have_url(path_is("/accounts/login/"))
    expect(page.get_by_role("alert")).to_have_text(WRONG_CREDENTIALS)
    page.goto("/")
    expect(page).to_have_url(path_is("/accounts/login/"))


def test_sign_out_ends_the_session(page, district):
    teacher = district.person("teacher", first_name="Sigrid")
    sign_in_with_form(page, teacher.email)
    expect(page.get_by_role("heading", name="Welcome, Sigrid")).to_be_visible()

    page.get_by_role("navigation", name="Main").locator("summary", has_text="Account").click()
    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(path_is("/accounts/login/"))
    expect(page.get_by_role("heading", name=re.compile("^Sign in"))).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(path_is("/accounts/login/"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_signing_in_returns_to_the_page_asked_for(page, district):
    admin = district.admin()

    page.goto("/people/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/people/$"))
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(path_is("/people/"))
    expect(page.get_by_role("heading", name="People")).to_be_visible()


def test_password_reset_request_confirms_without_revealing_the_account(page, district, mailoutbox):
    teacher = district.person("teacher")
    page.goto("/accounts/login/")

    page.get_by_role("link", name=re.compile("Forgot your password")).click()
    expect(page.get_by_role("heading", name="Set or reset your password")).to_be_visible()
    page.get_by_label("Email").fill(teacher.email)
    page.get_by_role("button", name="Email me a link").click()

    expect(page).to_have_url(path_is("/accounts/password-reset/sent/"))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    sent_to_teacher = [m for m in mailoutbox if teacher.email in m.to]
    assert len(sent_to_teacher) == 1, "the live server shares this process's locmem outbox"

    page.goto("/accounts/password-reset/")
    page.get_by_label("Email").fill(f"nobody-{teacher.email}")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()


def test_reset_link_lets_the_person_choose_a_password_and_sign_in(page, district, mailoutbox):
    teacher = district.person("teacher", first_name="Reza")
    page.goto("/accounts/password-reset/")
    page.get_by_label("Email").fill(teacher.email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    (email,) = [m for m in mailoutbox if teacher.email in m.to]
    link = re.search(r"https?://\S+/accounts/reset/\S+/", email.body).group(0)

    page.goto(link)
    page.get_by_label(re.compile("^New password(?! confirmation)")).fill("a-brand-new-passphrase-42")
    page.get_by_label("New password confirmation").fill("a-brand-new-passphrase-42")
    page.get_by_role("button", name="Save password").click()
    sign_in_with_form(page, teacher.email, "a-brand-new-passphrase-42")

    expect(page.get_by_role("heading", name="Welcome, Reza")).to_be_visible()


def test_home_shows_who_the_person_supervises_and_reports_to(page, district, sign_in_as):
    school = district.school()
    principal = district.person("school_leader", school=school, first_name="Priya")
    teacher = district.person("teacher", school=school, first_name="Tariq")
    district.supervise(principal, teacher)

    sign_in_as(principal)
    page.goto("/")
    supervision = page.get_by_role("region", name="Supervision")
    expect(supervision).to_contain_text("You supervise 1 person:")
    expect(supervision.get_by_role("listitem")).to_have_text(teacher.full_name)

    page.context.clear_cookies()
    sign_in_as(teacher)
    page.goto("/")
    expect(page.get_by_role("region", name="Supervision")).to_contain_text(
        f"You report to {principal.full_name}."
    )
