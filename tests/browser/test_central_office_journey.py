"""The central office's daily loop: the district dashboard at 1366 px (the school names stay
in view while the figures scroll), a school's own dashboard, and both printed on A4 with
every column on the page. Screenshots at 1366 px, 390 px and in print go to SHOTS_DIR."""

import os

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, SHOTS_DIR, has_no_horizontal_scroll
from tests.browser.test_district_dashboard import a_month_of_history, school_with_raters

LAPTOP = {"width": 1366, "height": 768}
# A4 is 210 mm wide; less 10 mm margins each side, 190 mm at 96 px an inch.
A4_PRINTABLE = {"width": 718, "height": 1000}


def shoot(page, name: str) -> None:
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, name), full_page=True)


def assert_every_column_on_the_page(page, width: int) -> None:
    """Each header cell of each table in the report is shown and ends within the page."""
    headers = page.locator("main table thead th")
    assert headers.count() > 0
    outside = page.evaluate(
        """width => [...document.querySelectorAll('main table thead th')]
          .filter(th => { const box = th.getBoundingClientRect();
                          return box.width === 0 || box.right > width + 0.5 || box.left < 0; })
          .map(th => th.closest('table').id + ': ' + th.innerText.trim())""",
        width,
    )
    assert outside == [], f"columns off the page: {outside}"
    assert has_no_horizontal_scroll(page)


def test_central_office_opens_a_school_from_the_district_and_prints_both(page, district, sign_in_as):
    school = school_with_raters(district, raters=5, stage="moving_forward")
    a_month_of_history(district)
    sign_in_as(district.person("central_office", first_name="Cora"))

    page.set_viewport_size(LAPTOP)
    page.goto("/dashboards/district/")
    expect(page.get_by_role("heading", name="District dashboard", level=1)).to_be_visible()
    wrap = page.get_by_role("region", name="Schools (scrolls sideways)")
    wrap.focus()
    expect(wrap).to_be_focused()  # a keyboard reaches the scroll area
    name_cell = wrap.locator("tbody th[scope=row]").filter(has_text=school.name)
    left = wrap.bounding_box()["x"]
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert abs(name_cell.bounding_box()["x"] - left) < 2, (
        "the school's name stays in view while the table scrolls"
    )
    wrap.evaluate("el => { el.scrollLeft = 0; }")
    shoot(page, "co-district-1366.png")

    page.emulate_media(media="print")
    page.set_viewport_size(A4_PRINTABLE)
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    assert_every_column_on_the_page(page, A4_PRINTABLE["width"])
    shoot(page, "co-district-print.png")
    page.emulate_media(media="screen")

    page.set_viewport_size(LAPTOP)
    wrap.get_by_role("link", name=school.name).click()
    expect(page.get_by_role("heading", name=school.name, level=1)).to_be_visible()
    shoot(page, "co-school-1366.png")

    page.set_viewport_size(PHONE)
    expect(page.get_by_role("heading", name=school.name, level=1)).to_be_in_viewport()
    assert has_no_horizontal_scroll(page)
    shoot(page, "co-school-390.png")

    page.emulate_media(media="print")
    page.set_viewport_size(A4_PRINTABLE)
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("heading", name="At a glance")).to_be_visible()
    assert_every_column_on_the_page(page, A4_PRINTABLE["width"])
    shoot(page, "co-school-print.png")
    pdf = page.pdf(format="A4", margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"})
    assert pdf.startswith(b"%PDF")
