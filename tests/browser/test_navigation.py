"""What the navigation offers depends on the person's roles; pages refuse the rest."""

import pytest
from playwright.sync_api import expect

ADMIN_ONLY_PAGES = ["/schools/", "/schools/new/", "/people/", "/people/new/", "/settings/"]


def nav_link_names(page) -> list[str]:
    return page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts()


def menu_entries(page) -> list[str]:
    """What the main menu shows at its top level: plain links and the groups' names."""
    return page.locator("#site-menu > li").evaluate_all(
        "items => items.map(li => (li.querySelector(':scope > details > summary') "
        "|| li.querySelector(':scope > a')).innerText.trim())"
    )


def open_group(page, name: str):
    nav = page.get_by_role("navigation", name="Main")
    nav.locator("summary", has_text=name).click()
    return nav


def test_district_admin_finds_people_under_admin_and_tokens_under_account(admin_page):
    page = admin_page
    page.goto("/")

    assert menu_entries(page) == ["Home", "Inbox", "My growth", "District", "Admin", "Account"]
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="People")).to_be_hidden()
    open_group(page, "Admin")
    assert nav.locator("details[open] a").all_inner_texts() == [
        "Schools",
        "People",
        "District settings",
        "Reviewers",
        "Email previews",
        "Integrations",
    ]
    open_group(page, "District")
    expect(nav.get_by_role("link", name="People")).to_be_hidden()  # one drop-down open at a time
    page.keyboard.press("Escape")
    open_group(page, "Admin")
    nav.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="People")).to_be_visible()
    expect(nav.locator('a[aria-current="page"]')).to_have_text("People")  # inside the closed group
    expect(nav.locator("summary.current")).to_have_text("Admin")

    open_group(page, "Account")
    nav.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()


def test_teacher_sees_her_own_groups_and_skips_to_the_content(page, district, sign_in_as):
    sign_in_as(district.person("teacher"))
    page.goto("/")

    assert menu_entries(page) == ["Home", "Inbox", "My growth", "District", "Account"]
    nav = open_group(page, "My growth")
    assert nav.locator("details[open] a").all_inner_texts() == [
        "Self-assessment",
        "Goals",
        "Check-ins",
        "Coaching",
        "Micro-credentials",
        "Pathways",
        "Staff perception",
    ]
    open_group(page, "District")
    assert nav.locator("details[open] a").all_inner_texts() == ["Roadmap", "Frameworks"]

    page.reload()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()


@pytest.mark.parametrize("path", ADMIN_ONLY_PAGES)
def test_teacher_is_refused_admin_pages(page, district, sign_in_as, path):
    sign_in_as(district.person("teacher"))

    response = page.goto(path)

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot open this page")
    expect(page.get_by_text("Only district administrators manage this.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Home")).to_be_visible()
    page.get_by_role("link", name="Back to your home page").click()
    expect(page.get_by_role("heading", name="Welcome, Pat")).to_be_visible()


def test_signed_out_visitor_is_sent_to_sign_in_from_admin_pages(page):
    page.goto("/schools/")

    expect(page.get_by_role("heading", name="Sign in to Hillcrest (browser tests)")).to_be_visible()
    assert nav_link_names(page) == ["Lodestar"]
    expect(page.get_by_role("button", name="Menu")).to_have_count(0)
