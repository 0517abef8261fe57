"""A whole coaching cycle in the browser: plan, observe (on a phone), give feedback,
acknowledge, check in, close."""

import datetime

from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from core.time import district_today
from tests.browser.conftest import DESKTOP, PHONE, has_no_horizontal_scroll, unique


def focus_indicators(district, n=2):
    from assessments.models import Framework, Item, ItemKind

    with tenant_context(district.district):
        framework = Framework.objects.get(audience="educators", adoption_status="adopted")
        return list(Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)[:n])


def dispatch_check_ins(district):
    from coaching.checkins.services import check_in_dispatch

    with tenant_context(district.district):
        return check_in_dispatch()


def test_a_whole_coaching_cycle(page, context, district, sign_in_as):
    school = district.school(name=unique("Coaching School"))
    coach = district.person("coach", school=school, first_name="Cleo")
    teacher = district.person("teacher", school=school, first_name="Theo")
    focus = focus_indicators(district)
    title = unique("Checking for understanding")

    # Plan: the coach starts a cycle from the workspace.
    sign_in_as(coach)
    page.set_viewport_size(DESKTOP)
    page.goto("/coaching/")
    page.get_by_role("button", name="Start a cycle").click()
    page.get_by_label("Coachee").select_option(label=teacher.full_name)
    page.get_by_label("Title").fill(title)
    with tenant_context(district.district):
        today = district_today()
    # Started six days ago with a weekly cadence, so its first check-in falls due tomorrow.
    page.get_by_label("Starts on").fill(str(today - datetime.timedelta(days=6)))
    page.get_by_label("Check-in cadence").select_option("weekly")
    page.get_by_label("Focus indicators").select_option([str(i.pk) for i in focus])
    page.get_by_role("button", name="Start the cycle").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_have_text("Planning")
    page.get_by_role("button", name="Move to observing").click()
    expect(page.locator("[aria-current=step]")).to_have_text("Observing")

    # Observe, on a phone, during the visit.
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Record an observation").click()
    expect(page.get_by_role("heading", name=f"Observe {teacher.full_name}")).to_be_visible()
    assert has_no_horizontal_scroll(page)
    page.get_by_label("Walkthrough").check()
    page.get_by_label("Notes").fill("Students explained their strategies to a partner.")
    page.get_by_label("Evidence 1: indicator").select_option(str(focus[0].pk))
    page.get_by_label("Evidence 1: what you saw").fill("Turn and talk after the launch")
    page.get_by_role("button", name="Save the observation").click()
    expect(page.get_by_role("heading", name=f"Walkthrough of {teacher.full_name}")).to_be_visible()
    expect(page.get_by_role("cell", name="Turn and talk after the launch")).to_be_visible()

    # Feedback, back at the desk.
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name=title).click()
    page.get_by_role("button", name="Move to feedback").click()
    page.get_by_label("Strengths").fill("Every pair talked about their strategy.")
    page.get_by_label("Next steps").fill("Close with an exit ticket.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("status")).to_contain_text(f"Feedback sent to {teacher.full_name}")

    # The coachee acknowledges and reflects.
    context.clear_cookies()
    sign_in_as(teacher)
    page.goto("/coaching/")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_text("Every pair talked about their strategy.")).to_be_visible()
    page.get_by_label("Reflection").fill("I will time the last five minutes.")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("“I will time the last five minutes.”")).to_be_visible()

    # The check-in falls due and the coachee answers it.
    assert dispatch_check_ins(district)["opened"] >= 1
    page.goto("/check-ins/")
    page.get_by_role("link", name=title).first.click()
    page.get_by_label("4 · Moving well").check()
    page.get_by_label("What happened since the last check-in?").fill("Exit tickets three days out of four.")
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_role("status")).to_contain_text("Your check-in due")
    expect(page.get_by_role("table", name="Your most recent answered check-ins")).to_contain_text("4/5")

    # The coach reads it on the timeline and closes the cycle.
    context.clear_cookies()
    sign_in_as(coach)
    page.goto("/coaching/")
    page.get_by_role("link", name=title).click()
    expect(page.locator(".timeline-check_in")).to_contain_text("Progress 4/5")
    page.get_by_role("button", name="Move to reflecting").click()
    page.get_by_label("Summary").fill("Exit tickets are a habit now; next, act on what they show.")
    page.get_by_label("Invite the coachee to reassess the focus competencies").check()
    page.get_by_role("button", name="Close the cycle").click()
    expect(page.locator("[aria-current=step]")).to_have_text("Closed")
    expect(page.get_by_role("status")).to_contain_text("What was recorded in it is now theirs")
    expect(page.get_by_role("region", name="Summary")).to_have_count(0)  # the coach's access ended
    expect(page.get_by_role("button", name="Send feedback")).to_have_count(0)

    # The coachee reads the summary on the closed cycle's page.
    cycle_page = page.url
    context.clear_cookies()
    sign_in_as(teacher)
    page.goto(cycle_page)
    expect(page.get_by_role("region", name="Summary")).to_contain_text("Exit tickets are a habit now")
