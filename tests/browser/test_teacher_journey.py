"""The teacher's daily loop, as the teacher does it: from home, answer the open check-in,
then read and acknowledge the coach's feedback; each notification that asked for it is
cleared as the work is done, and the unread count in the navigation drops with it."""

import os
import re

from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR, path_is, unique


def screenshot(page, name):
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, name), full_page=True)


def inbox_link(page):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile(r"^Inbox"))


def teacher_with_open_work(district):
    """A teacher whose goal's check-in the dispatcher has just opened, and to whom a coach
    at her school has given feedback: two notifications, each asking for something."""
    from coaching.checkins.services import check_in_dispatch
    from coaching.cycles.services.feedback import feedback_give
    from coaching.models import CheckIn
    from tests.coaching.checkins.test_checkin_dispatch import active_goal
    from tests.support import days

    school = district.school()
    teacher = district.person("teacher", school=school, first_name="Tamsin")
    coach = district.person("coach", school=school, first_name="Corinne")
    statement = unique("My students explain their thinking")
    with tenant_context(district.district):
        goal = active_goal(teacher, anchor=days(-5), statement=statement)
        check_in_dispatch()
        check_in = CheckIn.objects.get(goal=goal)
        feedback = feedback_give(
            actor=coach,
            recipient=teacher,
            strengths="Every student spoke in the first ten minutes.",
            next_steps="Ask one more 'why' before moving on.",
        )
    return teacher, check_in, feedback


def test_the_teacher_answers_her_check_in_and_acknowledges_feedback_and_the_inbox_clears(
    page, district, sign_in_as
):
    teacher, check_in, feedback = teacher_with_open_work(district)
    sign_in_as(teacher)
    page.set_viewport_size(DESKTOP)

    page.goto("/")
    expect(inbox_link(page)).to_have_accessible_name("Inbox 2 unread")
    next_steps = page.get_by_role("region", name="Your next steps")
    screenshot(page, "teacher-journey-1-home.png")

    # The check-in: from the home's next steps, answered on its page.
    next_steps.get_by_role("link", name=re.compile(r"^Answer your check-in")).click()
    expect(page).to_have_url(path_is(f"/check-ins/{check_in.pk}/"))
    page.get_by_label("3 · Steady").check()
    page.get_by_label("What happened since the last check-in?").fill("Two rounds of turn-and-talk a day.")
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_role("status")).to_contain_text("Your check-in due")
    expect(inbox_link(page)).to_have_accessible_name("Inbox 1 unread")

    # The feedback: read and acknowledged with a reflection, on a phone this time.
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_role("region", name="Your next steps").get_by_role(
        "link", name="Read and acknowledge feedback from Corinne"
    ).click()
    expect(page).to_have_url(path_is(f"/coaching/feedback/{feedback.pk}/"))
    expect(page.get_by_text("Every student spoke in the first ten minutes.")).to_be_visible()
    page.get_by_label("Reflection").fill("I will wait for the second answer.")
    screenshot(page, "teacher-journey-2-feedback-phone.png")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status")).to_have_text("Thank you: your coach sees that you read it.")

    # Nothing is left asking: the count is gone, and the inbox shows both as read.
    page.get_by_role("button", name="Menu").click()
    expect(inbox_link(page)).to_have_accessible_name("Inbox")
    page.set_viewport_size(DESKTOP)
    page.goto("/inbox/?unread=true")
    expect(page.get_by_text("Nothing unread. You are all caught up.")).to_be_visible()
    page.goto("/inbox/")
    expect(page.locator("article .badge", has_text="Read")).to_have_count(2)
    screenshot(page, "teacher-journey-3-inbox.png")
    page.goto("/")
    expect(page.get_by_role("region", name="Your next steps")).not_to_contain_text("Answer your check-in")
    expect(page.get_by_role("region", name="Your next steps")).not_to_contain_text("acknowledge feedback")
