"""Each role's home: a teacher's next steps, a coach's way to the workspace, a principal's
school summary and own leadership self-assessment, the central office's way to the district
dashboard; and the page on a phone."""

import datetime
import os
import re
from decimal import Decimal

from django.utils import timezone
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR, has_no_horizontal_scroll, path_is, unique


def screenshot(page, name):
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, name), full_page=True)


def teacher_with_work(district, *, coach_name="Cora"):
    """A teacher with an active goal and its open check-in, feedback not yet acknowledged
    and a micro-credential in progress; no self-assessment yet. Returns (teacher, goal
    statement, check-in id, micro-credential title)."""
    from coaching.models import CheckIn, Feedback, Goal, GoalHealth, GoalStatus
    from core.time import district_today
    from pathways.models import CatalogStatus, MicroCredential, Submission
    from tests.pathways.factories import competency

    school = district.school()
    teacher = district.person("teacher", school=school, first_name="Tamsin")
    coach = district.person("coach", school=school, first_name=coach_name)
    statement = unique("My students argue with evidence")
    title = unique("Wait time")
    with tenant_context(district.district):
        today = district_today()
        goal = Goal.objects.create(
            owner=teacher, statement=statement, measure="Rubric 3+", baseline=Decimal(0), target=Decimal(10),
            starts_on=today - datetime.timedelta(days=20), due_on=today + datetime.timedelta(days=40),
            status=GoalStatus.ACTIVE, health=GoalHealth.ON_TRACK,
        )  # fmt: skip
        check_in = CheckIn.objects.create(goal=goal, owner=teacher, due_on=today + datetime.timedelta(days=1))
        Feedback.objects.create(
            author=coach,
            recipient=teacher,
            strengths="Calm, clear routines.",
            next_steps="Wait after asking.",
        )
        mc = MicroCredential.objects.create(
            title=title, competency=competency(), key_method="Wait three seconds.", status=CatalogStatus.PUBLISHED,
            published_at=timezone.now(),
        )  # fmt: skip
        Submission.objects.create(micro_credential=mc, person=teacher)
    return teacher, statement, check_in.pk, title


def test_a_teacher_home_lists_the_next_steps_and_each_one_leads_there(page, district, sign_in_as):
    teacher, statement, check_in_id, title = teacher_with_work(district, coach_name="Cordelia")
    sign_in_as(teacher)
    page.set_viewport_size(DESKTOP)

    page.goto("/")

    next_steps = page.get_by_role("region", name="Your next steps")
    items = next_steps.get_by_role("listitem")
    expect(items.nth(0)).to_have_text(re.compile(r"^Answer your check-in due "))
    expect(next_steps).to_contain_text("Read and acknowledge feedback from Cordelia")
    expect(next_steps).to_contain_text(
        "Rate yourself on the educator competencies to choose focus competencies"
    )
    expect(next_steps).to_contain_text(f"Continue your micro-credential {title}")
    goals = page.get_by_role("article", name="Goals and check-ins")
    expect(goals.get_by_role("row").filter(has_text=statement).get_by_role("cell").nth(1)).to_have_text(
        "On track"
    )
    expect(page.get_by_role("article", name="Micro-credential work")).to_contain_text(f"{title}: In progress")
    expect(page.get_by_role("article", name="Latest feedback")).to_contain_text("Calm, clear routines.")
    screenshot(page, "home-teacher-desktop.png")

    next_steps.get_by_role("link", name=re.compile(r"^Answer your check-in")).click()
    expect(page).to_have_url(path_is(f"/check-ins/{check_in_id}/"))
    expect(page.get_by_role("heading", name="Goal check-in", level=1)).to_be_visible()

    page.go_back()
    page.get_by_role("region", name="Your next steps").get_by_role(
        "link", name=re.compile("^Rate yourself on the educator")
    ).click()
    expect(page.get_by_role("heading", name="My self-assessments", level=1)).to_be_visible()


def test_the_teacher_home_fits_a_phone(page, district, sign_in_as):
    teacher, *_ = teacher_with_work(district)
    sign_in_as(teacher)
    page.set_viewport_size(PHONE)

    page.goto("/")

    expect(page.get_by_role("heading", name="Your growth", level=2)).to_be_visible()
    expect(page.get_by_role("region", name="Your next steps").get_by_role("link").first).to_be_in_viewport()
    assert has_no_horizontal_scroll(page), f"the home page is wider than a {PHONE['width']}px screen"
    screenshot(page, "home-teacher-phone.png")


def test_a_coach_home_links_to_the_workspace(page, district, sign_in_as):
    from coaching.models import CoachingCycle, CycleStatus
    from core.time import district_today

    school = district.school()
    coach = district.person("coach", school=school, first_name="Corin")
    coachee = district.person("teacher", school=school)
    with tenant_context(district.district):
        today = district_today()
        CoachingCycle.objects.create(
            coach=coach, coachee=coachee, title=unique("Questioning"), starts_on=today,
            ends_on=today + datetime.timedelta(days=30), status=CycleStatus.OBSERVING,
        )  # fmt: skip
    sign_in_as(coach)

    page.goto("/")

    coaching = page.get_by_role("region", name="Your coaching")
    expect(coaching).to_contain_text("1 coachee in 1 open cycle.")
    expect(coaching.get_by_role("row", name=re.compile("^Observing"))).to_contain_text("1")
    coaching.get_by_role("link", name="Open your coaching workspace").click()
    expect(page).to_have_url(path_is("/coaching/"))
    expect(page.get_by_role("heading", name="Coaching", level=1)).to_be_visible()


def test_a_principal_home_shows_the_school_summary_and_their_leadership_self_assessment(
    page, district, sign_in_as
):
    from assessments.models import Framework, SelfAssessment, SelfAssessmentStatus

    school = district.school(name=unique("Juniper Middle"))
    principal = district.person("school_leader", school=school, first_name="Priya")
    with tenant_context(district.district):
        framework = Framework.objects.get(title__startswith="Building 21")
        done = SelfAssessment.objects.create(
            person=principal,
            framework=framework,
            status=SelfAssessmentStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
    sign_in_as(principal)
    page.set_viewport_size(DESKTOP)

    page.goto("/")

    own = page.get_by_role("article", name="Your leadership self-assessment")
    expect(own).to_contain_text(f"{framework.title}: Submitted")
    summary = page.get_by_role("region", name="Your school", exact=True).get_by_role(
        "region", name=school.name
    )
    expect(summary.get_by_role("heading", name="School goals")).to_be_visible()
    expect(summary).to_contain_text("Due this week")
    screenshot(page, "home-principal-desktop.png")

    own.get_by_role("link", name="See your results").click()
    expect(page).to_have_url(path_is(f"/self-assessments/{done.pk}/results/"))

    page.go_back()
    summary.get_by_role("link", name=re.compile("^Open the school dashboard")).click()
    expect(page).to_have_url(path_is(f"/dashboards/schools/{school.pk}/"))
    expect(page.get_by_role("heading", name=school.name, level=1)).to_be_visible()


def test_the_central_office_home_leads_to_the_district_dashboard_and_roadmap(page, district, sign_in_as):
    sign_in_as(district.person("central_office", first_name="Celia"))

    page.goto("/")

    links = page.get_by_role("region", name="Your district")
    expect(links.get_by_role("link", name="Vision and roadmap")).to_have_attribute("href", "/roadmap/")
    links.get_by_role("link", name="District dashboard").click()
    expect(page).to_have_url(path_is("/dashboards/district/"))
    expect(page.get_by_role("heading", name="District dashboard", level=1)).to_be_visible()
