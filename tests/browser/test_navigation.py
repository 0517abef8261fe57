"""What the navigation offers depends on the person's roles; pages refuse the rest."""

import pytest
from playwright.sync_api import expect

ADMIN_ONLY_PAGES = ["/schools/", "/schools/new/", "/people/", "/people/new/", "/settings/"]


def nav_link_names(page) -> list[str]:
    return page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts()


def test_district_admin_sees_schools_and_people_in_the_navigation(admin_page):
    page = admin_page
    page.goto("/")

    assert nav_link_names(page) == [
        "Lodestar",
        "Home",
        "Dashboard",
        "Inbox",
        "Self-assessment",
        "Coaching",
        "Goals",
        "Check-ins",
        "Micro-credentials",
        "Pathways",
        "Roadmap",
        "Frameworks",
        "Staff perception",
        "Windows",
        "Schools",
        "People",
        "District settings",
        "API tokens",
        "API docs",
    ]
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="People")).to_be_visible()
    expect(page.get_by_role("link", name="People", exact=True)).to_have_attribute("aria-current", "page")


def test_teacher_sees_no_admin_links(page, district, sign_in_as):
    sign_in_as(district.person("teacher"))
    page.goto("/")

    assert nav_link_names(page) == [
        "Lodestar",
        "Home",
        "Inbox",
        "Self-assessment",
        "Coaching",
        "Goals",
        "Check-ins",
        "Micro-credentials",
        "Pathways",
        "Roadmap",
        "Frameworks",
        "Staff perception",
        "API tokens",
        "API docs",
    ]


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
