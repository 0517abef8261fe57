"""The coach's day on a 390 px phone: record an observation with notes and evidence tagged
to an indicator, correct it, give feedback tied to indicators, and read each stage change
on the timeline in words. Indicators read as code and text, never as a bare code."""

import datetime
import os
import re

from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, SHOTS_DIR, has_no_horizontal_scroll, unique


def shot(page, name):
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, f"coach-{name}.png"), full_page=True)


def observing_cycle(district, coach, teacher, title):
    from assessments.models import Framework, Item, ItemKind
    from coaching.cycles.services.lifecycle import cycle_start, cycle_transition
    from core.time import district_today

    with tenant_context(district.district):
        framework = Framework.objects.get(audience="educators", adoption_status="adopted")
        focus = list(Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)[:2])
        today = district_today()
        cycle = cycle_start(
            actor=coach, coachee=teacher, title=title, starts_on=today - datetime.timedelta(days=7),
            ends_on=today + datetime.timedelta(days=35), cadence="weekly", focus_indicator_ids=[i.pk for i in focus],
        )  # fmt: skip
        cycle = cycle_transition(actor=coach, cycle=cycle, to="observing")
        return cycle, focus


def test_the_coach_observes_corrects_and_gives_feedback_on_a_phone(page, district, sign_in_as):
    from assessments.templatetags.indicators import indicator_text

    school = district.school(name=unique("Coach Journey School"))
    coach = district.person("coach", school=school, first_name="Cleo", last_name="Diaz")
    teacher = district.person("teacher", school=school, first_name="Theo")
    title = unique("Checking for understanding")
    cycle, focus = observing_cycle(district, coach, teacher, title)
    readable = indicator_text(focus[0])

    sign_in_as(coach)
    page.set_viewport_size(PHONE)
    page.goto(f"/coaching/cycles/{cycle.pk}/")
    expect(page.get_by_role("region", name="Focus")).to_contain_text(readable)
    expect(page.locator("#next-heading")).to_contain_text(f"Record an observation of {teacher.first_name}")

    # Observe: the notes typed on the phone are the notes saved.
    page.get_by_role("button", name="Record an observation").click()
    expect(page.get_by_role("heading", name=f"Observe {teacher.full_name}")).to_be_visible()
    assert page.locator("[name=notes]").count() == 1
    assert has_no_horizontal_scroll(page)
    page.get_by_label("Notes").fill("Students explained their strategies to a partner.")
    indicator = page.get_by_label("Evidence 1: indicator")
    expect(indicator.locator("option", has_text=readable)).to_have_count(1)
    indicator.select_option(label=readable)
    page.get_by_label("Evidence 1: what you saw").fill("Turn and talk after the launch")
    shot(page, "observation-form-phone")
    page.get_by_role("button", name="Save the observation").click()
    expect(page.get_by_role("status")).to_contain_text("Observation saved.")
    expect(page.get_by_role("region", name="Notes")).to_contain_text("Students explained their strategies")
    expect(page.get_by_role("region", name="Evidence")).to_contain_text(readable)
    observation_id = int(re.search(r"/coaching/observations/(\d+)/", page.url).group(1))

    # Correct it before any feedback.
    page.get_by_role("button", name="Edit the observation").click()
    expect(page.get_by_label("Notes")).to_have_value("Students explained their strategies to a partner.")
    page.get_by_label("Notes").fill("Students explained their strategies, then compared them.")
    page.get_by_label("Evidence 2: indicator").select_option(label=indicator_text(focus[1]))
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("status")).to_contain_text("Observation updated.")
    expect(page.get_by_role("region", name="Notes")).to_contain_text("then compared them")
    expect(page.get_by_role("region", name="Evidence")).to_contain_text(indicator_text(focus[1]))
    # The API reads the same notes back (fetched by the page: its session signs the request).
    read_back = page.evaluate(
        "async (url) => (await fetch(url, {headers: {Accept: 'application/json'}})).json()",
        f"/api/v1/observations/{observation_id}/",
    )
    assert read_back["notes"] == "Students explained their strategies, then compared them."
    shot(page, "observation-detail-phone")

    # Feedback tied to indicators, from the observation.
    page.get_by_role("button", name="Give feedback on it").click()
    expect(page.locator("#next-heading")).to_contain_text("Give feedback on your observation")
    page.get_by_label("Strengths").fill("Every pair talked about their strategy.")
    page.get_by_label("Next steps").fill("Close with an exit ticket.")
    page.get_by_role("group", name="Tied to indicators").get_by_label(readable).check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("status")).to_contain_text(f"Feedback sent to {teacher.full_name}")
    expect(page.locator("#next-heading")).to_contain_text(
        f"Waiting for {teacher.first_name} to acknowledge your feedback and reflect"
    )
    expect(page.locator(".timeline-feedback")).to_contain_text(readable)

    # Given feedback, the observation stays as the feedback read it.
    page.goto(f"/coaching/observations/{observation_id}/")
    expect(page.get_by_role("button", name="Edit the observation")).to_have_count(0)
    expect(page.locator("#edit-refusal")).to_contain_text("Feedback has been given on this observation")

    # Move the stage from the cycle page; the timeline says each change in words.
    page.goto(f"/coaching/cycles/{cycle.pk}/")
    page.get_by_role("button", name="Move to feedback").click()
    expect(page.locator("[aria-current=step]")).to_have_text("Feedback")
    stages = page.locator(".timeline-status")
    expect(stages).to_have_count(3)
    expect(stages.nth(0)).to_contain_text("Cycle started in Planning by Cleo Diaz")
    expect(stages.nth(1)).to_contain_text("Moved from Planning to Observing by Cleo Diaz")
    expect(stages.nth(2)).to_contain_text("Moved from Observing to Feedback by Cleo Diaz")
    assert has_no_horizontal_scroll(page)
    shot(page, "cycle-timeline-phone")

    # Plan the next visit from the cycle page; it is on her calendar, and her home lists
    # the coaching work waiting on her first.
    with tenant_context(district.district):
        from core.time import district_today

        tomorrow = district_today() + datetime.timedelta(days=1)
    page.get_by_text("Plan an observation or a meeting").click()
    page.get_by_label("Observation or meeting").select_option("meeting")
    page.get_by_label("When").fill(f"{tomorrow.isoformat()}T10:00")
    page.get_by_role("button", name="Add to the calendar").click()
    expect(page.get_by_role("status")).to_contain_text("Coaching meeting planned for")
    page.get_by_role("link", name="Your coaching calendar").click()
    expect(page.get_by_role("list", name=re.compile("Week of"))).to_contain_text(
        f"Coaching meeting with {teacher.full_name}"
    )
    assert has_no_horizontal_scroll(page)
    shot(page, "calendar-phone")
