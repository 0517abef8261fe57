"""The district administrator's journey (issue 12): add a person, give them a role, and
link their supervisor chosen by name, told in words what was saved. At desktop width and
on a 390 px phone."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR, has_no_horizontal_scroll, unique, unique_email


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_admin_adds_a_teacher_with_a_role_and_a_supervisor_found_by_name(admin_page, district, viewport):
    page = admin_page
    page.set_viewport_size(viewport)
    width = "desktop" if viewport is DESKTOP else "phone"
    school = district.school()
    principal = district.person("school_leader", school=school, first_name="Marisol")
    last_name = unique("Okafor").replace(" ", "")

    page.goto("/people/new/")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill(last_name)
    page.get_by_label("Email").fill(unique_email("nia"))
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("heading", name=f"Nia {last_name}", level=1)).to_be_visible()

    page.get_by_text("Add a role").click()
    page.get_by_role("combobox", name="Role").select_option(label="Teacher")
    page.get_by_role("combobox", name="School").select_option(label=school.name)
    page.get_by_role("button", name="Add role").click()
    expect(page.locator("#memberships tbody tr").first).to_contain_text(school.name)

    page.get_by_text("Add a supervision link").click()
    page.get_by_label(f"… supervises Nia {last_name}").check()
    page.get_by_label("Find them by name").fill(f"Mari {principal.last_name[:6]}")
    page.get_by_role("radio", name=re.compile(principal.full_name)).check()
    assert has_no_horizontal_scroll(page)
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(
        caret="initial", path=os.path.join(SHOTS_DIR, f"admin-supervision-form-{width}.png"), full_page=True
    )
    page.get_by_role("button", name="Add link").click()

    expect(page.locator("#supervisions").get_by_role("status")).to_have_text(
        f"Saved: {principal.full_name} supervises Nia {last_name}."
    )
    row = page.locator("#supervisions tbody tr").first
    expect(row.get_by_role("cell").nth(0)).to_have_text(principal.full_name)
    expect(row.get_by_role("cell").nth(1)).to_have_text(f"Nia {last_name}")
    page.screenshot(
        caret="initial", path=os.path.join(SHOTS_DIR, f"admin-supervision-saved-{width}.png"), full_page=True
    )
