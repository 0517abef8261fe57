"""A teacher rates themselves on the educators' framework: start, autosave, submit, results."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    SHOTS_DIR,
    has_no_horizontal_scroll,
    menu_link,
    sign_in_with_form,
)

EDUCATORS = "Lodestar Educator Competencies"


def level_radio(indicator, name):
    return indicator.get_by_role("radio", name=re.compile(rf"^{name}"))


def start_educators(page):
    page.goto("/")
    menu_link(page, "My growth", "Self-assessment").click()
    expect(page.get_by_role("heading", name="My self-assessments", level=1)).to_be_visible()
    page.get_by_role("button", name=re.compile(rf"^(Start|Continue) {EDUCATORS}")).click()
    expect(page.get_by_role("heading", name=re.compile(EDUCATORS), level=1)).to_be_visible()


@pytest.fixture
def teacher(district):
    return district.person("teacher", first_name="Robin")


def test_teacher_rates_submits_and_chooses_a_focus(page, teacher):
    page.set_viewport_size(DESKTOP)
    sign_in_with_form(page, teacher.email)
    start_educators(page)
    indicators = page.locator("form.sa-indicator")
    expect(indicators).to_have_count(36)
    progress = page.locator("#sa-progress")
    expect(progress).to_contain_text("0 of 36 rated")

    # The first from the keyboard: focus a level, move along the group with the arrow key.
    first = indicators.nth(0)
    level_radio(first, "Emerging").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(level_radio(first, "Developing")).to_be_checked()
    expect(first.get_by_role("status").or_(first.locator(".sa-status"))).to_contain_text("Saved")
    expect(progress).to_contain_text("1 of 36 rated")

    # The second is not yet applicable: the reason appears, is required, then saves.
    second = indicators.nth(1)
    second.get_by_text("Not yet applicable", exact=True).click()
    reason = second.get_by_label("Why is it not yet applicable?")
    expect(reason).to_be_visible()
    expect(second.get_by_role("alert")).to_have_text("Say why it is not yet applicable.")
    reason.fill("I teach no online course this year")
    reason.press("Tab")
    expect(second.locator(".sa-status")).to_contain_text("Saved")
    expect(progress).to_contain_text("2 of 36 rated")

    # The rest with the mouse, on the descriptors' labels.
    for n in range(2, 36):
        indicator = indicators.nth(n)
        name = "Advanced" if n < 6 else "Proficient"
        indicator.locator("label.sa-option", has_text=name).first.click()
    expect(progress).to_contain_text("36 of 36 rated")
    expect(page.locator("#sa-progress-bar")).to_have_attribute("value", "36")
    first.locator("summary", has_text="Evidence").click()
    first.get_by_label(re.compile("^Evidence for")).fill("Unit plans, term 2")
    page.get_by_label(re.compile("What stands out")).fill("Assessment is where I grow next.")
    expect(page.locator("#sa-status-reflection")).to_contain_text("Saved")
    expect(first.locator(".sa-status")).to_contain_text("Saved")
    page.reload()  # what autosave kept
    expect(progress).to_contain_text("36 of 36 rated")
    expect(level_radio(indicators.nth(0), "Developing")).to_be_checked()
    expect(level_radio(indicators.nth(1), "Not yet applicable")).to_be_checked()
    expect(indicators.nth(1).get_by_label("Why is it not yet applicable?")).to_have_value(
        "I teach no online course this year"
    )
    expect(level_radio(indicators.nth(35), "Proficient")).to_be_checked()
    expect(indicators.nth(0).get_by_label(re.compile("^Evidence for"))).to_have_value("Unit plans, term 2")
    expect(page.get_by_label(re.compile("What stands out"))).to_have_value("Assessment is where I grow next.")
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(
        caret="initial", path=os.path.join(SHOTS_DIR, "self-assessment-form.png"), full_page=False
    )

    page.get_by_role("button", name="Submit self-assessment").click()
    expect(page).to_have_url(re.compile(r"/self-assessments/\d+/results/$"))
    expect(page.get_by_role("heading", name=re.compile("^Results"), level=1)).to_be_visible()
    expect(page.locator("canvas")).to_have_count(2)
    assert page.evaluate("Object.keys(Chart.instances).length") == 2, "both charts were drawn"
    table = page.get_by_role("table", name="Mean rating by domain")
    expect(table.get_by_role("row")).to_have_count(5)
    expect(page.get_by_role("table", name="Mean rating by theme")).to_be_visible()
    expect(page.get_by_role("heading", name="Strengths")).to_be_visible()
    page.wait_for_timeout(300)
    page.screenshot(
        caret="initial", path=os.path.join(SHOTS_DIR, "self-assessment-results.png"), full_page=True
    )

    focus = page.get_by_role("group", name=re.compile("Choose up to 3"))
    focus.get_by_role("checkbox").nth(4).check()
    page.get_by_role("button", name="Save focus").click()
    expect(page.get_by_role("status")).to_contain_text("Saved your 1 focus competency.")
    expect(
        page.get_by_role("group", name=re.compile("Choose up to 3")).get_by_role("checkbox").nth(4)
    ).to_be_checked()

    page.goto("/self-assessments/")
    expect(page.get_by_role("link", name=re.compile(f"^Results of {EDUCATORS}"))).to_be_visible()
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, "self-assessment-list.png"), full_page=True)


def test_the_form_fits_a_phone(page, teacher, sign_in_as):
    sign_in_as(teacher)
    page.set_viewport_size(PHONE)
    start_educators(page)
    indicator = page.locator("form.sa-indicator").first
    level_radio(indicator, "Proficient").check()
    expect(indicator.locator(".sa-status")).to_contain_text("Saved")
    indicator.locator("summary", has_text="Evidence").click()
    options = indicator.locator("label.sa-option")
    boxes = [options.nth(i).bounding_box() for i in range(5)]
    assert len({round(box["x"]) for box in boxes}) == 1, "the levels stack on a phone"
    assert has_no_horizontal_scroll(page), "the form is wider than a phone"
    page.screenshot(
        caret="initial", path=os.path.join(SHOTS_DIR, "self-assessment-form-phone.png"), full_page=False
    )
