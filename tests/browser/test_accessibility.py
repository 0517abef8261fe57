"""axe-core (the copy that axe-playwright-python ships, pinned in requirements/dev.txt) on
the main page of each role: no serious or critical violation. The page is checked as it is
first shown and again with the menu opened, at desktop width and on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, wait_until
from tests.browser.test_district_dashboard import a_month_of_history, school_with_raters

BLOCKING = {"serious", "critical"}


def violations(page) -> list[str]:
    # Colours are judged as they settle: mid-transition (a menu fading in) text is paler.
    wait_until(page, "document.getAnimations().every(a => a.playState !== 'running')")
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def check(page, path: str, heading) -> None:
    found = []
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        found += violations(page)
        menu = page.get_by_role("button", name="Menu")
        if menu.is_visible():
            menu.click()
        page.get_by_role("navigation", name="Main").locator("summary").last.click()
        found += violations(page)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("role", ["teacher", "coach", "school_leader", "central_office", "district_admin"])
def test_each_roles_main_page_has_no_serious_accessibility_violation(page, district, sign_in_as, role):
    school = school_with_raters(district, raters=5, stage="moving_forward")
    a_month_of_history(district)
    person = district.person(role, school=school, first_name="Robin")
    if role == "school_leader":
        for teacher in (district.person("teacher", school=school) for _ in range(2)):
            district.supervise(person, teacher)
    sign_in_as(person)

    main_page = {
        "teacher": ("/", "Welcome, Robin"),
        "coach": ("/coaching/", "Coaching"),
        "school_leader": ("/dashboards/my-school/", school.name),
        "central_office": ("/dashboards/district/", "District dashboard"),
        "district_admin": ("/people/", "People"),
    }[role]
    check(page, *main_page)
