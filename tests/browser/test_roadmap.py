"""A district administrator edits the vision, adds a milestone and sets a school's stage; a
teacher reads the roadmap, which offers them no editing."""

import os

from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR, has_no_horizontal_scroll, path_is, unique


def screenshot(page, name):
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, name), full_page=True)


def moving_forward_phase(district):
    """The roadmap's "moving forward" phase, undated so any due date fits. The browser
    district is shared by the session's tests: reuse the phase if another test made it."""
    from schools.models import RoadmapPhase
    from schools.roadmap.services import roadmap_phase_create, roadmap_phase_update

    with tenant_context(district.district):
        phase = RoadmapPhase.objects.filter(stage="moving_forward").first()
        if phase is None:
            return roadmap_phase_create(actor=None, stage="moving_forward", title="Move forward")
        return roadmap_phase_update(actor=None, phase=phase, starts_on=None, ends_on=None)


def test_a_district_admin_edits_the_vision_adds_a_milestone_and_sets_a_schools_stage(
    page, district, sign_in_as
):
    sign_in_as(district.admin())
    school = district.school(name=unique("Juniper Middle"))
    phase = moving_forward_phase(district)
    vision, milestone = unique("Every learner ready for what comes next"), unique("Teams share rubrics")
    page.set_viewport_size(DESKTOP)

    page.goto("/roadmap/")
    page.get_by_role("button", name="Edit the vision and roadmap").click()
    expect(page).to_have_url(path_is("/roadmap/edit/"))

    page.get_by_label("Vision statement").fill(vision)
    page.get_by_role("button", name="Save the vision").click()
    expect(page.get_by_role("status")).to_have_text("Saved the vision.")
    expect(page.get_by_label("Vision statement")).to_have_value(vision)

    section = page.locator("#phase-moving_forward")
    section.get_by_text("Add a milestone", exact=True).click()
    adding = section.locator("details.roadmap-add-milestone form")
    adding.get_by_label("Title").fill(milestone)
    adding.get_by_label("Due on").fill("2026-12-01")
    adding.get_by_role("button", name=f"Add milestone to {phase.title}").click()
    expect(page.get_by_role("status")).to_have_text(f"Added the milestone “{milestone}”.")
    added = page.locator("#phase-moving_forward li").filter(has_text=milestone)
    expect(added).to_contain_text("due Dec 1, 2026")

    added.get_by_role("button", name=f"Mark done: {milestone}").click()
    expect(page.get_by_role("status")).to_have_text(f"Marked “{milestone}” done.")
    expect(page.locator("#phase-moving_forward li").filter(has_text=milestone)).to_contain_text("done on")

    page.get_by_label(f"Stage of {school.name}", exact=True).select_option(label="Sustaining")
    page.get_by_role("button", name=f"Save the stage of {school.name}").click()
    expect(page.get_by_role("status")).to_have_text(f"{school.name} is now at “Sustaining”.")
    expect(page.get_by_label(f"Stage of {school.name}", exact=True)).to_have_value("sustaining")
    screenshot(page, "roadmap-edit-desktop.png")

    page.goto("/roadmap/")
    expect(page.locator("#vision-statement")).to_have_text(vision)
    expect(
        page.locator("#phase-moving_forward").get_by_role("row").filter(has_text=milestone)
    ).to_contain_text("Done on")
    expect(page.locator("#phase-sustaining").get_by_text(school.name, exact=True)).to_be_visible()
    expect(page.locator("#phase-getting_started").get_by_text(school.name, exact=True)).to_have_count(0)


def test_a_teacher_reads_the_roadmap_without_any_way_to_edit_it(page, district, sign_in_as):
    school = district.school(name=unique("Laurel Elementary"))
    teacher = district.person("teacher", school=school)
    sign_in_as(teacher)
    page.set_viewport_size(PHONE)

    page.goto("/roadmap/")

    expect(page.get_by_role("heading", name="Vision and roadmap", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Our vision", level=2)).to_be_visible()
    expect(page.locator("#phase-getting_started").get_by_text(school.name, exact=True)).to_be_visible()
    expect(page.get_by_text("Edit the vision and roadmap")).to_have_count(0)
    expect(page.locator('a[href="/roadmap/edit/"]')).to_have_count(0)
    assert has_no_horizontal_scroll(page)
    screenshot(page, "roadmap-teacher-phone.png")

    refused = page.goto("/roadmap/edit/")
    assert refused.status == 403
