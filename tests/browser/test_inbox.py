"""The inbox (mark read in place, the count in the navigation), email preferences, and the
district settings page, in a real browser."""

import re

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import (
    PHONE,
    document_was_kept,
    has_no_horizontal_scroll,
    mark_document,
    menu_link,
    unique,
)


def deliver(district, recipient, *titles, kind="feedback_received", url="/"):
    from notifications.services import Draft, notify_many

    with tenant_context(district.district):
        return notify_many([Draft(recipient_id=recipient.pk, kind=kind, title=t, url=url) for t in titles])


def inbox_link(page):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile(r"^Inbox"))


def test_marking_a_notification_read_updates_it_and_the_count_in_place(page, district, sign_in_as):
    teacher = district.person("teacher")
    older, newer = unique("Your check-in is open"), unique("Ana gave you feedback")
    deliver(district, teacher, older, kind="check_in_opened")
    deliver(district, teacher, newer, url="/accounts/tokens/")
    sign_in_as(teacher)

    page.goto("/")
    expect(inbox_link(page)).to_have_accessible_name("Inbox 2 unread")
    inbox_link(page).click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    titles = page.locator("article h3").all_inner_texts()
    assert titles == [newer, older], "newest first"

    mark_document(page)
    page.get_by_role("button", name=f"Mark read: {newer}").click()

    row = page.get_by_role("article", name=newer)
    expect(row.locator(".badge")).to_have_text("Read")
    expect(page.get_by_role("button", name=f"Mark read: {newer}")).to_have_count(0)
    expect(inbox_link(page)).to_have_accessible_name("Inbox 1 unread")
    assert document_was_kept(page), "marked read in place, without loading a new page"

    page.get_by_role("link", name=newer).click()
    expect(page.get_by_role("heading", name="Your API tokens", level=1)).to_be_visible()


def test_mark_all_read_empties_the_unread_view(page, district, sign_in_as):
    teacher = district.person("teacher")
    deliver(district, teacher, unique("One"), unique("Two"), unique("Three"))
    sign_in_as(teacher)
    page.goto("/inbox/")

    page.get_by_role("button", name="Mark all read").click()

    expect(page.get_by_role("status")).to_have_text("Marked 3 notifications read.")
    expect(inbox_link(page)).to_have_accessible_name("Inbox")
    page.get_by_role("link", name="Unread", exact=True).click()
    expect(page.get_by_text("Nothing unread. You are all caught up.")).to_be_visible()


def test_choosing_email_preferences(page, district, sign_in_as):
    sign_in_as(district.person("teacher"))
    page.goto("/inbox/")
    page.get_by_role("link", name="Email preferences").click()

    expect(page.get_by_text("Every notification always lands in your inbox")).to_be_visible()
    feedback = page.get_by_label("You received feedback")
    expect(feedback).to_have_value("immediate")
    feedback.select_option(label="Daily digest email")
    page.get_by_label("Weekly school summary (principals)").select_option("off")
    page.get_by_role("button", name="Save email preferences").click()

    expect(page.get_by_role("status")).to_have_text("Saved your email preferences.")
    page.reload()
    expect(page.get_by_label("You received feedback")).to_have_value("daily")
    expect(page.get_by_label("Weekly school summary (principals)")).to_have_value("off")
    expect(page.get_by_label("A check-in is open")).to_have_value("daily")


def test_inbox_fits_a_phone(page, district, sign_in_as):
    teacher = district.person("teacher")
    deliver(district, teacher, unique("A rather long notification title about a coaching cycle that closed"))
    sign_in_as(teacher)
    page.set_viewport_size(PHONE)
    for path in ("/inbox/", "/inbox/preferences/"):
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        assert has_no_horizontal_scroll(page), path


@pytest.fixture
def policy_restored(district):
    """Hillcrest's policy is shared by the browser tests: put it back whatever happens."""
    yield
    from schools.policy.services import policy_update

    with tenant_context(district.district):
        policy_update(actor=None, goals_require_approval=False, check_in_escalation_days=5)


def test_district_admin_changes_the_district_settings(admin_page, district, policy_restored):
    page = admin_page
    page.goto("/")
    menu_link(page, "Admin", "District settings").click()
    expect(page.get_by_role("heading", name="District settings", level=1)).to_be_visible()

    days = page.get_by_label("Escalate an overdue check-in after (days)")
    days.fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#id_check_in_escalation_days_error")).to_have_text(
        "Ensure this value is greater than or equal to 1."
    )

    page.get_by_label("Escalate an overdue check-in after (days)").fill("7")
    page.get_by_label("Goals need a supervisor's approval before they become active").check()
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_role("status")).to_have_text("Saved the district's settings.")
    expect(page.get_by_label("Escalate an overdue check-in after (days)")).to_have_value("7")
    expect(page.get_by_label("Goals need a supervisor's approval before they become active")).to_be_checked()
