"""Pages are usable on a phone: nothing wider than the screen, the navigation in reach.
Two screenshots go to /tmp/lodestar-shots/ for a person to look at."""

import os

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR, has_no_horizontal_scroll, unique

ADMIN_PAGES = ["/", "/schools/", "/schools/new/", "/people/", "/people/new/", "/accounts/tokens/"]
# The Integrations area (the clients page lists a long unbroken scope URL).
ADMIN_PAGES += [f"/integrations/{part}" for part in ("", "identity/", "roster/", "clients/", "webhooks/")]


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def shoot(page, name: str) -> None:
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, name), full_page=True)


def test_sign_in_page_fits_a_phone(phone):
    phone.goto("/accounts/login/")

    expect(phone.get_by_label("Email")).to_be_in_viewport()
    expect(phone.get_by_label("Password")).to_be_in_viewport()
    expect(phone.get_by_role("button", name="Sign in")).to_be_visible()
    expect(phone.get_by_role("navigation", name="Main")).to_be_in_viewport()
    assert has_no_horizontal_scroll(phone)


def test_on_a_phone_the_menu_folds_behind_a_button_and_the_content_comes_first(phone, district, sign_in_as):
    sign_in_as(district.admin(first_name="Ada"))
    phone.goto("/")

    nav = phone.get_by_role("navigation", name="Main")
    menu = nav.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="Home", exact=True)).to_be_hidden()
    expect(phone.get_by_role("heading", name="Welcome, Ada")).to_be_in_viewport()
    assert phone.locator("main").bounding_box()["y"] < 150, "the page starts under a one-line header"
    shoot(phone, "menu-closed-phone.png")

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Home", exact=True)).to_be_in_viewport()
    nav.locator("summary", has_text="Admin").click()
    for name in ("Schools", "People"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    nav.locator("summary", has_text="Account").click()
    expect(nav.get_by_role("link", name="API tokens")).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    assert has_no_horizontal_scroll(phone)
    shoot(phone, "menu-open-phone.png")
    nav.get_by_role("link", name="API tokens").click()
    expect(phone.get_by_role("heading", name="API tokens")).to_be_in_viewport()


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_have_no_horizontal_scroll_on_a_phone(phone, district, sign_in_as, path):
    sign_in_as(district.admin())
    district.school()

    phone.goto(path)

    expect(phone.locator("main h1")).to_be_visible()
    assert has_no_horizontal_scroll(phone), f"{path} is wider than a {PHONE['width']}px screen"


def test_person_detail_on_a_phone(phone, district, sign_in_as):
    admin = district.admin()
    school = district.school(name=unique("Willow Creek Elementary"))
    principal = district.person("school_leader", school=school, first_name="Marisol", position="Principal")
    teacher = district.person("teacher", school=school, first_name="Jordan", position="Grade 2 teacher")
    district.supervise(principal, teacher)
    sign_in_as(admin)

    phone.goto(f"/people/{principal.pk}/")
    phone.get_by_text("Add a role").click()

    expect(phone.get_by_role("heading", name=principal.full_name)).to_be_visible()
    expect(phone.get_by_role("button", name="Add role")).to_be_visible()
    assert has_no_horizontal_scroll(phone)
    shoot(phone, "person-detail-phone.png")


def test_schools_list_on_a_desktop(page, district, sign_in_as):
    page.set_viewport_size(DESKTOP)
    tag = unique("Shot").split()[1]
    for name, band in (("Aspen", "elementary"), ("Birch", "middle"), ("Cypress", "high")):
        district.school(name=f"{name} {tag}", grade_band=band)
    sign_in_as(district.admin())

    page.goto(f"/schools/?q={tag}")

    expect(page.locator("#school-rows tbody tr")).to_have_count(3)
    assert has_no_horizontal_scroll(page)
    shoot(page, "schools-list-desktop.png")
