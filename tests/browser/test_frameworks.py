"""A teacher browses the shipped frameworks: list, detail, descriptors, theme filter."""

import json
import os
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    SHOTS_DIR,
    document_was_kept,
    has_no_horizontal_scroll,
    mark_document,
    menu_link,
    path_is,
)

B21 = "Building 21 Leadership Competencies"


@pytest.fixture
def teacher_page(page, district, sign_in_as):
    sign_in_as(district.person("teacher", first_name="Jordan"))
    return page


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def competency_headings(page):
    return page.locator("#outline .node-competency > h3")


def open_building_21(page):
    page.goto("/")
    menu_link(page, "District", "Frameworks").click()
    expect(page).to_have_url(path_is("/frameworks/"))
    expect(page.get_by_role("heading", name="Frameworks", level=1)).to_be_visible()
    page.get_by_role("link", name=B21).click()
    expect(page.get_by_role("heading", name=B21, level=1)).to_be_visible()


def test_teacher_browses_to_building_21_and_reads_an_indicators_levels(teacher_page):
    page = teacher_page
    open_building_21(page)

    expect(competency_headings(page)).to_have_count(6)
    expect(competency_headings(page).first).to_have_text(
        "LC.1 Create a Just, Equitable, and Caring Learning Environment"
    )
    levels = page.get_by_role("table", name=f"The performance levels of {B21}")
    expect(levels.get_by_role("rowheader")).to_have_text(["Emerging", "Developing", "Proficient", "Advanced"])

    descriptors = page.get_by_role("table", name="LC.1.1 at each level")
    expect(descriptors).to_be_hidden()
    summary = page.locator("summary", has_text="LC.1.1")
    summary.focus()
    page.keyboard.press("Enter")  # a disclosure opens from the keyboard
    expect(descriptors).to_be_visible()
    expect(descriptors.get_by_role("row", name="Emerging")).to_contain_text(
        "Notices inequities mainly after someone else raises them"
    )
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CASE").click()
    with open(download.value.path()) as case_file:
        assert json.load(case_file)["CFDocument"]["title"] == B21, "the session is enough to download"


def test_theme_filter_narrows_the_competencies_in_place(teacher_page):
    page = teacher_page
    open_building_21(page)
    mark_document(page)
    themes = page.get_by_role("navigation", name="Filter by theme")

    themes.get_by_role("link", name="Equity and Inclusion").click()

    expect(competency_headings(page)).to_have_count(2)
    expect(competency_headings(page)).to_have_text(
        [
            "LC.1 Create a Just, Equitable, and Caring Learning Environment",
            "LC.6 Continuous Improvement Through Data-Driven Decision Making",
        ]
    )
    expect(page.get_by_role("status")).to_have_text(
        "Showing 2 of 6 competencies: those tagged “Equity and Inclusion”."
    )
    expect(themes.get_by_role("link", name="Equity and Inclusion")).to_have_attribute("aria-current", "true")
    expect(themes.get_by_role("link", name="Equity and Inclusion")).to_be_focused()
    assert "theme" in parse_qs(urlparse(page.url).query), "the filter is pushed into the address bar"

    themes.get_by_role("link", name="All themes").click()
    expect(competency_headings(page)).to_have_count(6)
    expect(page.get_by_role("status")).to_have_text("All 6 competencies.")
    assert document_was_kept(page), "the filter worked in place, without loading a new page"

    page.go_back()
    expect(competency_headings(page)).to_have_count(2)


def test_framework_pages_fit_a_phone(teacher_page):
    page = teacher_page
    page.set_viewport_size(PHONE)
    page.goto("/frameworks/")
    expect(page.get_by_role("link", name=B21)).to_be_visible()
    assert has_no_horizontal_scroll(page), f"the list is {page_width(page)}px wide on a phone"

    page.get_by_role("link", name=B21).click()
    expect(page.get_by_role("heading", name=B21, level=1)).to_be_visible()
    for n in range(1, 5):
        page.locator("summary", has_text=f"LC.1.{n}").click()
        expect(page.get_by_role("table", name=f"LC.1.{n} at each level")).to_be_visible()
    assert has_no_horizontal_scroll(page), f"the detail page is {page_width(page)}px wide on a phone"


def test_framework_detail_on_a_desktop(teacher_page):
    page = teacher_page
    page.set_viewport_size(DESKTOP)
    open_building_21(page)
    page.locator("summary", has_text="LC.1.1").click()
    expect(page.get_by_role("table", name="LC.1.1 at each level")).to_be_visible()

    assert has_no_horizontal_scroll(page)
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, "framework-detail.png"), full_page=True)
