"""A reviewer finds a submission in their queue, tries "not yet" without feedback, is told
what is missing next to the requirement, then scores it not yet with feedback."""

import os

from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR, has_no_horizontal_scroll, path_is, unique


def review_for(district, *, reviewer, teacher):
    """A submission of `teacher`'s, in review with `reviewer` (set up directly: hillcrest's
    pool is shared by the browser tests, so the turn is not this test's to predict)."""
    from pathways.models import Review, SubmissionStatus
    from tests.pathways.factories import make_reviewer, micro_credential, waiting_submission

    with tenant_context(district.district):
        make_reviewer(reviewer)
        mc = micro_credential(title=unique("Questioning for deeper thinking"))
        submission = waiting_submission(teacher, mc)
        submission.status = SubmissionStatus.IN_REVIEW
        submission.save(update_fields=["status"])
        return Review.objects.create(submission=submission, reviewer=reviewer), mc


def screenshot(page, name):
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, name), full_page=True)


def test_a_reviewer_scores_a_submission_not_yet_with_feedback(page, district, sign_in_as):
    reviewer = district.person("coach", first_name="Rowan")
    teacher = district.person("teacher", first_name="Tamsin")
    review, mc = review_for(district, reviewer=reviewer, teacher=teacher)
    sign_in_as(reviewer)
    page.set_viewport_size(DESKTOP)

    page.goto("/reviews/")
    expect(page.get_by_role("heading", name="My reviews")).to_be_visible()
    page.get_by_role("link", name=mc.title).click()
    expect(page).to_have_url(path_is(f"/reviews/{review.pk}/"))
    expect(page.get_by_role("heading", name=f"Review: {mc.title}")).to_be_visible()
    expect(page.get_by_text("Passes when requirement 2 shows the practice clearly.")).to_be_visible()

    summary = page.locator("#decision-summary")
    page.get_by_role("group", name="Requirement 1: Requirement 1").get_by_label("Pass").check()
    page.get_by_role("group", name="Requirement 2: Requirement 2").get_by_label("Not yet").check()
    page.get_by_role("group", name="Requirement 3: Requirement 3").get_by_label("Pass").check()
    expect(summary).to_have_text("Not yet: 1 of 3 requirements not yet passed.")
    page.get_by_role("button", name="Complete the review").click()

    second = page.locator("article", has=page.get_by_role("heading", name="2. Requirement 2"))
    expect(second.get_by_role("alert")).to_contain_text("feedback is required")
    screenshot(page, "review-missing-feedback.png")

    second.get_by_label("Feedback").fill("Show where you waited after each question.")
    page.get_by_label("Overall comment (optional)").fill("Close: one piece to add.")
    page.get_by_role("button", name="Complete the review").click()

    expect(page.get_by_text("Thank you. Your review is in.")).to_be_visible()
    expect(page.locator("#decision-summary")).to_contain_text("Not yet")
    expect(page.get_by_text("Show where you waited after each question.")).to_be_visible()
    page.set_viewport_size(PHONE)
    assert has_no_horizontal_scroll(page)
    screenshot(page, "review-done-phone.png")

    from pathways.models import Submission, SubmissionStatus

    with tenant_context(district.district):
        assert Submission.objects.get(pk=review.submission_id).status == SubmissionStatus.NOT_YET
