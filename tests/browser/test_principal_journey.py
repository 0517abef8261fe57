"""The principal's daily loop (issue 12): home → a supervisee's person page → send a
reminder about an overdue check-in → it is in the supervisee's inbox. At desktop width
and on a 390 px phone."""

import os
import re

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR, has_no_horizontal_scroll, unique


def overdue_goal_check_in(district, owner, statement):
    import datetime

    from coaching.models import CheckIn, CheckInStatus
    from core.time import district_today
    from tests.coaching.checkins.test_checkin_dispatch import active_goal

    with tenant_context(district.district):
        today = district_today()
        goal = active_goal(owner, anchor=today - datetime.timedelta(days=30), statement=statement)
        return CheckIn.objects.create(
            goal=goal, owner=owner, due_on=today - datetime.timedelta(days=3), status=CheckInStatus.OVERDUE
        )


def shot(page, name):
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, name), full_page=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_principal_reminds_a_supervisee_from_her_person_page(page, district, sign_in_as, viewport):
    page.set_viewport_size(viewport)
    school = district.school()
    principal = district.person("school_leader", school=school, first_name="Priya")
    teacher = district.person("teacher", school=school, first_name="Tomas")
    district.supervise(principal, teacher)
    statement = unique("Every student reads daily")
    check_in = overdue_goal_check_in(district, teacher, statement)
    width = "desktop" if viewport is DESKTOP else "phone"

    sign_in_as(principal)
    page.goto("/")
    page.get_by_role("link", name=teacher.full_name).first.click()

    expect(page.get_by_role("heading", name=teacher.full_name, level=1)).to_be_visible()
    expect(page.get_by_role("link", name=statement)).to_have_count(2)  # the goal and its check-in
    expect(page.locator("main")).to_contain_text(f"Teacher at {school.name}")
    assert has_no_horizontal_scroll(page)
    shot(page, f"person-page-{width}.png")

    page.get_by_role("button", name=re.compile(r"^Send a reminder about the check-in due")).click()
    expect(page.get_by_role("status")).to_have_text(f"Reminder sent to {teacher.full_name}.")
    shot(page, f"person-page-reminded-{width}.png")

    page.reload()
    page.get_by_role("button", name=re.compile(r"^Send a reminder about the check-in due")).click()
    expect(page.get_by_role("alert")).to_contain_text("already reminded of this in the last 24 hours")

    page.context.clear_cookies()
    sign_in_as(teacher)
    page.goto("/inbox/")
    reminder = page.get_by_role(
        "link", name=re.compile(f"^{principal.full_name} reminds you of your check-in")
    )
    expect(reminder).to_be_visible()
    shot(page, f"inbox-reminder-{width}.png")
    reminder.click()
    expect(page).to_have_url(re.compile(f"/check-ins/{check_in.pk}/$"))
