"""A teacher enrols in a pathway, marks a learning activity done, sees their progress on
My pathways and a recommendation with its reason."""

from django.utils import timezone
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, has_no_horizontal_scroll, unique


def set_up(district, teacher):
    """A published pathway of two activities, and a micro-credential on a competency the
    teacher rated below proficient in a submitted self-assessment."""
    from assessments.models import Item, ItemKind, Level, Rating, SelfAssessment, SelfAssessmentStatus
    from tests.pathways.factories import competency, educators, micro_credential, pathway

    with tenant_context(district.district):
        path = pathway(steps=["activity", "activity"], title=unique("Reading pathway"))
        target = competency(index=1)
        mc = micro_credential(competency=target, title=unique("Wait time"), roles=["teacher"])
        sa = SelfAssessment.objects.create(
            person=teacher,
            framework=educators(),
            status=SelfAssessmentStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        developing = Level.objects.get(framework=educators(), name="Developing")
        for indicator in Item.objects.filter(parent=target, kind=ItemKind.INDICATOR)[:2]:
            Rating.objects.create(self_assessment=sa, indicator=indicator, level=developing)
        return path, mc, target.code


def test_a_teacher_enrols_completes_an_activity_and_sees_progress_and_a_recommendation(
    page, district, sign_in_as
):
    teacher = district.person("teacher", first_name="Robin")
    path, mc, code = set_up(district, teacher)
    sign_in_as(teacher)
    page.set_viewport_size(DESKTOP)

    page.goto("/pathways/")
    page.get_by_role("link", name=path.title).click()
    expect(page.get_by_role("heading", name=path.title, level=1)).to_be_visible()
    expect(page.get_by_text("You are not enrolled.")).to_be_visible()
    page.get_by_role("button", name="Enroll").click()
    expect(page.get_by_role("status")).to_contain_text("You are enrolled")
    expect(page.get_by_text("0 of 2 steps done")).to_be_visible()

    page.get_by_label("Note (optional)").first.fill("Read and annotated it")
    page.get_by_role("button", name="Mark “Activity 1” done").click()
    expect(page.get_by_role("status")).to_contain_text("Marked “Activity 1” done")
    expect(page.get_by_text("1 of 2 steps done")).to_be_visible()
    expect(page.locator("#pathway-progress")).to_have_attribute("value", "50")

    page.goto("/my/pathways/")
    expect(page.get_by_role("link", name=path.title)).to_be_visible()
    expect(page.get_by_label("1 of 2 steps, 1.0 of 2.0 hours")).to_have_attribute("value", "50")
    recommended = page.locator("section", has=page.get_by_role("heading", name="Recommended for you"))
    expect(recommended.get_by_role("link", name=mc.title)).to_be_visible()
    expect(recommended).to_contain_text(f"Your rating on {code} is Developing (below Proficient)")
    expect(recommended).to_contain_text("Meant for teachers")

    page.set_viewport_size(PHONE)
    assert has_no_horizontal_scroll(page)
    page.goto("/pathways/")  # the catalog's table scrolls in its own box, the page does not
    expect(page.get_by_role("link", name=path.title)).to_be_visible()
    assert has_no_horizontal_scroll(page)
