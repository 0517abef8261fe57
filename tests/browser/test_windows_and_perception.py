"""The central office opens an assessment window and follows completion; staff answer a
leader's perception survey; the leader reads the report."""

import datetime
import os

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    SHOTS_DIR,
    has_no_horizontal_scroll,
    menu_link,
    path_is,
    unique,
)

B21 = "Building 21 Leadership Competencies"
EDUCATORS_PREFIX = "Lodestar Educator Competencies"


def today():
    from core.time import district_today

    return district_today()


def submit_self_assessment(district, who, framework_title, level_name=None):
    """A submitted self-assessment, rated at one level throughout when a level is given."""
    from assessments.models import Framework, Item, ItemKind, Level, Rating, SelfAssessment

    with tenant_context(district.district):
        framework = Framework.objects.get(title__startswith=framework_title)
        own = SelfAssessment.objects.create(
            person=who,
            framework=framework,
            status="submitted",
            submitted_at=datetime.datetime.now(datetime.UTC),
        )
        if level_name:
            level = Level.objects.get(framework=framework, name=level_name)
            Rating.objects.bulk_create(
                Rating(self_assessment=own, indicator=indicator, level=level)
                for indicator in Item.objects.filter(
                    framework=framework, kind=ItemKind.INDICATOR, is_retired=False
                )
            )
        return own


def open_survey(district, principal, school):
    from assessments.models import Framework
    from assessments.perception.services import perception_survey_open

    with tenant_context(district.district):
        return perception_survey_open(
            actor=principal,
            framework=Framework.objects.get(title=B21),
            school=school,
            closes_on=today() + datetime.timedelta(days=14),
        )


def screenshot(page, name, *, full_page=True):
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, name), full_page=full_page)


@pytest.fixture
def school_of_five(district):
    """A school with five teachers, two of whom have submitted a self-assessment."""
    school = district.school(name=unique("Window School"))
    teachers = [district.person("teacher", school=school) for _ in range(5)]
    for teacher in teachers[:2]:
        submit_self_assessment(district, teacher, EDUCATORS_PREFIX)
    return school


def test_central_office_opens_a_window_and_sees_its_completion(page, district, sign_in_as, school_of_five):
    small = district.school(name=unique("Window Small School"))
    for _ in range(2):
        district.person("teacher", school=small)
    sign_in_as(district.person("central_office", first_name="Cora"))
    title = unique("Fall window")
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    menu_link(page, "District", "Windows").click()
    expect(page).to_have_url(path_is("/windows/"))
    expect(page.get_by_role("heading", name="Assessment windows", level=1)).to_be_visible()

    page.locator("summary", has_text="Open a window").click()
    page.get_by_label("Framework").select_option(value=str(educators(district).pk))
    page.get_by_role("textbox", name="Title", exact=True).fill(title)
    page.get_by_role("group", name="Who is asked").get_by_label("Teacher", exact=True).check()
    page.get_by_role("group", name="Schools").get_by_label(school_of_five.name).check()
    page.get_by_role("group", name="Schools").get_by_label(small.name).check()
    page.get_by_label("Opens on").fill(str(today() - datetime.timedelta(days=7)))
    page.get_by_label("Closes on").fill(str(today() + datetime.timedelta(days=7)))
    page.get_by_role("button", name="Open the window").click()

    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"Opened “{title}”")
    row = page.get_by_role("table", name=f"Completion of {title} by school").get_by_role(
        "row", name=school_of_five.name
    )
    expect(row.get_by_role("cell")).to_have_text(["5", "2", "40%"])
    expect(row.locator("meter")).to_have_attribute("value", "0.4")
    table = page.get_by_role("table", name=f"Completion of {title} by school")
    expect(table.get_by_role("row", name=small.name)).to_contain_text("Fewer than 5 people — not shown")
    screenshot(page, "window-completion.png")
    assert has_no_horizontal_scroll(page)

    page.get_by_role("link", name="← Windows").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()


def educators(district):
    from assessments.models import Framework

    with tenant_context(district.district):
        return Framework.objects.get(title__startswith=EDUCATORS_PREFIX, adoption_status="adopted")


def test_completion_page_fits_a_phone(page, district, sign_in_as, school_of_five):
    from assessments.windows.services import window_open

    central = district.person("central_office")
    with tenant_context(district.district):
        window = window_open(
            actor=central,
            framework=educators(district),
            title=unique("Phone window with a fairly long title"),
            roles=["teacher"],
            schools=[school_of_five],
            opens_on=today(),
            closes_on=today() + datetime.timedelta(days=3),
        )
    sign_in_as(central)
    page.set_viewport_size(PHONE)
    page.goto(f"/windows/{window.pk}/")
    expect(page.get_by_role("row", name=school_of_five.name)).to_be_visible()
    assert has_no_horizontal_scroll(page), "the completion page scrolls sideways on a phone"
    page.goto("/windows/")
    page.locator("summary", has_text="Open a window").click()
    expect(page.get_by_role("button", name="Open the window")).to_be_visible()
    page.get_by_role("textbox", name="Title", exact=True).scroll_into_view_if_needed()
    screenshot(page, "window-form-phone.png", full_page=False)
    assert has_no_horizontal_scroll(page), "the window list scrolls sideways on a phone"


def test_teacher_answers_a_perception_survey_and_it_leaves_their_list(page, district, sign_in_as):
    school = district.school(name=unique("Perception School"))
    principal = district.person("school_leader", school=school, first_name="Priya")
    teacher = district.person("teacher", school=school, first_name="Theo")
    open_survey(district, principal, school)
    sign_in_as(teacher)

    page.goto("/")
    menu_link(page, "My growth", "Staff perception").click()
    expect(page).to_have_url(path_is("/perception/"))
    page.get_by_role("button", name=f"Answer about {principal.full_name}").click()
    expect(page.get_by_role("heading", name="Your answers are anonymous")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("group")).to_have_count(24)

    page.set_viewport_size(PHONE)
    assert has_no_horizontal_scroll(page), "the answer form scrolls sideways on a phone"
    screenshot(page, "perception-answer-phone.png", full_page=False)
    first = page.get_by_role("main").get_by_role("group").first
    first.get_by_label("Proficient").check()
    page.get_by_role("main").get_by_role("group").nth(1).get_by_label("Developing").check()
    page.get_by_role("button", name="Send my answers").click()

    expect(page).to_have_url(path_is("/perception/"))
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    expect(page.get_by_role("button", name=f"Answer about {principal.full_name}")).to_have_count(0)
    expect(page.get_by_text("Nothing to answer at the moment.")).to_be_visible()


def test_leader_reads_the_perception_report(page, district, sign_in_as):
    from assessments.models import Framework, Item, ItemKind, Level
    from assessments.perception.services import perception_respond

    school = district.school(name=unique("Report School"))
    principal = district.person("school_leader", school=school, first_name="Rosa")
    staff = [district.person("teacher", school=school) for _ in range(5)]
    survey = open_survey(district, principal, school)
    with tenant_context(district.district):
        b21 = Framework.objects.get(title=B21)
        names = ["Developing", "Proficient", "Developing", "Emerging", "Proficient"]
        indicators = list(Item.objects.filter(framework=b21, kind=ItemKind.INDICATOR, is_retired=False))
        for n, teacher in enumerate(staff):
            level = Level.objects.get(framework=b21, name=names[n])
            perception_respond(
                actor=teacher,
                survey=survey,
                ratings=[{"indicator": i.pk, "level": level.pk} for i in indicators],
            )
    submit_self_assessment(district, principal, B21, "Proficient")
    sign_in_as(principal)
    page.set_viewport_size(DESKTOP)

    page.goto("/perception/")
    page.get_by_role("link", name="Report").first.click()
    expect(page.get_by_role("status")).to_contain_text("The report appears once it has closed")
    page.get_by_role("button", name="Close the survey now").click()
    expect(
        page.get_by_role("heading", name=f"Staff perception of {principal.full_name}", level=1)
    ).to_be_visible()
    competencies = page.get_by_role("table", name="Self, staff mean and gap by competency")
    expect(competencies.get_by_role("row")).to_have_count(7)
    expect(
        page.get_by_role("table", name="Self, staff mean and gap by indicator").get_by_role("row")
    ).to_have_count(25)
    expect(competencies).to_contain_text("staff see less")
    assert has_no_horizontal_scroll(page)
    screenshot(page, "perception-report.png")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(competencies).to_be_visible()
    assert has_no_horizontal_scroll(page), "the report scrolls sideways on a phone"
