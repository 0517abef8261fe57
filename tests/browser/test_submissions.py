"""A teacher works on a micro-credential: start, autosave that survives a reload, upload a
PDF, be refused a renamed program, submit; on a phone without sideways scrolling."""

import os
import re

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, SHOTS_DIR, has_no_horizontal_scroll, unique
from tests.pathways.factories import ELF, PDF, micro_credential

ANSWER = "I planned five open questions and waited three seconds before taking answers."


@pytest.fixture
def teacher(district):
    return district.person("teacher", first_name="Robin")


@pytest.fixture
def published(district):
    with tenant_context(district.district):
        return micro_credential(title=unique("Questioning for deeper thinking"))


def test_teacher_starts_autosaves_uploads_and_submits(page, teacher, published, sign_in_as):
    page.set_viewport_size(PHONE)
    sign_in_as(teacher)
    page.goto(f"/micro-credentials/{published.pk}/")
    page.get_by_role("button", name="Start this micro-credential").click()
    expect(page.get_by_role("heading", name=published.title, level=1)).to_be_visible()
    expect(page.get_by_text("Attempt 1 of 3")).to_be_visible()
    expect(page.get_by_text("Passes when requirement 1 shows the practice clearly.")).to_be_visible()

    response = page.get_by_label(re.compile("^Your response"))
    response.fill(ANSWER)
    expect(page.locator("#words-1")).to_contain_text(f"Words: {len(ANSWER.split())} of 200")
    expect(page.locator("#status-1")).to_contain_text(re.compile(r"Saved at \d{1,2}:\d\d [AP]M"))
    link = page.get_by_label(re.compile("^Link"))
    link.fill("not a link")
    expect(page.locator("#status-2")).to_contain_text("not a web address")
    link.fill("https://example.org/my-lesson")
    expect(page.locator("#status-2")).to_have_text(re.compile(r"^Saved at \d{1,2}:\d\d [AP]M$"))

    page.reload()  # what autosave kept
    expect(page.get_by_label(re.compile("^Your response"))).to_have_value(ANSWER)
    expect(page.get_by_label(re.compile("^Link"))).to_have_value("https://example.org/my-lesson")

    file_input = page.get_by_label("Upload a file")
    file_input.set_input_files({"name": "lesson-plan.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("link", name="lesson-plan.pdf")).to_be_visible()

    page.get_by_label("Replace the file").set_input_files(
        {"name": "setup.pdf", "mimeType": "application/pdf", "buffer": ELF}
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    alert = page.locator("#errors-3")
    expect(alert).to_contain_text("The file is not really a PDF file.")
    expect(page.get_by_label("Replace the file")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("link", name="lesson-plan.pdf")).to_be_visible()  # the earlier file stays
    assert has_no_horizontal_scroll(page)
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=f"{SHOTS_DIR}/submission-editor-phone.png", full_page=True)

    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    expect(page.locator(".badge", has_text=re.compile("^(Submitted|In review)$"))).to_be_visible()
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)
    expect(page.get_by_text(ANSWER)).to_be_visible()

    page.goto("/my/micro-credentials/")
    expect(page.get_by_role("heading", name=published.title, level=2)).to_be_visible()
    expect(page.get_by_role("link", name="Attempt 1 of 3")).to_be_visible()
    assert has_no_horizontal_scroll(page)
