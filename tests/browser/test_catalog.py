"""A district administrator writes a micro-credential draft with its requirements and
publishes it; a teacher finds it in the catalog by filter and reads its scoring guide."""

import os

from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR, has_no_horizontal_scroll, path_is, unique


def screenshot(page, name):
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, name), full_page=True)


def a_competency(district):
    from assessments.models import Item, ItemKind

    with tenant_context(district.district):
        return (
            Item.objects.filter(kind=ItemKind.COMPETENCY, is_retired=False)
            .order_by("framework_id", "depth", "sequence", "id")
            .first()
        )


def test_an_admin_publishes_a_micro_credential_and_a_teacher_finds_its_scoring_guide(
    page, context, district, sign_in_as
):
    competency = a_competency(district)
    title = unique("Wait time that works")
    criteria = "Pauses of three seconds follow each key question, and students' answers grow longer."
    sign_in_as(district.admin())
    page.set_viewport_size(DESKTOP)

    page.goto("/micro-credentials/")
    page.get_by_role("button", name="New micro-credential").click()
    expect(page).to_have_url(path_is("/micro-credentials/new/"))
    form = page.locator("form.mc-form")
    form.locator("#id_title").fill(title)  # the requirement rows have titles too
    form.get_by_label("Competency it certifies").select_option(str(competency.pk))
    form.get_by_label("Key method").fill("Pause after asking a question.")
    form.get_by_label("Resources").fill("Guide | ftp://example.org/wait")
    form.get_by_label("Teacher", exact=True).check()
    first = form.get_by_role("group", name="Requirement 1")
    first.get_by_label("Title").fill("Your lesson plan")
    first.get_by_label("Prompt").fill("Share a plan with the pauses marked.")
    first.get_by_label("Answer with").select_option("text")
    first.get_by_label("Word limit").fill("300")
    first.get_by_label("What passes (scoring guide)").fill(criteria)
    form.get_by_role("button", name="Save the draft").click()

    # The refusal sits next to its field; everything typed is kept.
    expect(page.locator("#id_resources_error")).to_contain_text("Line 1")
    page.get_by_label("Resources").fill("Guide | https://example.org/wait")
    second = page.get_by_role("group", name="Requirement 2")
    second.get_by_label("Title").fill("A video of the lesson")
    second.get_by_label("Prompt").fill("Link ten minutes of the lesson.")
    second.get_by_label("Answer with").select_option("link")
    second.get_by_label("What passes (scoring guide)").fill("Wait time is visible on the video.")
    page.get_by_role("button", name="Save the draft").click()

    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_text("Saved as a draft")).to_be_visible()
    screenshot(page, "catalog-draft-desktop.png")
    page.get_by_text("Publish…").click()
    page.get_by_role("button", name="Yes, publish version 1").click()
    expect(page.get_by_text("Version 1 is published.")).to_be_visible()
    expect(page.get_by_role("button", name="Make a new version…")).to_be_visible()

    context.clear_cookies()
    sign_in_as(district.person("teacher", first_name="Robin"))
    page.set_viewport_size(PHONE)
    page.goto("/micro-credentials/")
    page.get_by_label("Competency", exact=True).select_option(str(competency.pk))
    page.get_by_label("Role").select_option("teacher")
    page.get_by_label("Search").fill(title)
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 micro-credential matches the filters.")).to_be_visible()
    card = page.get_by_role("article", name=title)
    expect(card).to_contain_text(competency.code)
    expect(card).to_contain_text("Not started")
    assert has_no_horizontal_scroll(page)
    screenshot(page, "catalog-filtered-phone.png")
    card.get_by_role("link", name=title).click()

    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="What you submit, and what passes")).to_be_visible()
    expect(page.get_by_text(criteria)).to_be_visible()
    expect(page.get_by_text("Written response, at most 300 words")).to_be_visible()
    expect(page.get_by_role("button", name="Start this micro-credential")).to_be_visible()
    expect(page.get_by_role("heading", name="Curate")).to_have_count(0)
    screenshot(page, "micro-credential-phone.png")
    assert has_no_horizontal_scroll(page)
