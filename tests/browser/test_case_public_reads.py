"""A district administrator lets anyone read a framework from the CASE provider: the
district setting, then the framework marked public and adopted."""

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, menu_link, unique
from tests.browser.test_framework_editor import copy_building_21


@pytest.fixture
def anonymous_reads_restored(district):
    """Hillcrest's policy is shared by the browser tests: anonymous reads go back off."""
    yield
    from schools.policy.services import policy_update

    with tenant_context(district.district):
        policy_update(actor=None, case_anonymous_reads=False)


def test_admin_opens_a_public_framework_to_anonymous_case_readers(
    admin_page, district, browser, base_url, anonymous_reads_restored
):
    from assessments.models import Framework

    page = admin_page
    page.set_viewport_size(DESKTOP)
    title = unique("Open framework")
    copy_building_21(page, title)
    page.get_by_label("Public: CASE readers may read it without credentials").check()
    page.get_by_role("region", name="Details").get_by_role("button", name="Save details").click()
    expect(page.get_by_label("Public: CASE readers may read it without credentials")).to_be_checked()
    page.get_by_role("button", name="Adopt").click()
    expect(page.locator(".meta .badge")).to_have_text("Adopted")
    with tenant_context(district.district):
        identifier = Framework.objects.get(title=title).identifier

    stranger = browser.new_context(base_url=base_url)  # signed in nowhere
    reader = stranger.new_page()
    try:
        package = f"/ims/case/v1p1/CFPackages/{identifier}"
        assert reader.goto(package).status == 401, "anonymous reads are off by default"

        page.goto("/")
        menu_link(page, "Admin", "District settings").click()
        setting = page.get_by_label("Anyone may read our public frameworks from the CASE provider")
        expect(setting).not_to_be_checked()
        setting.check()
        page.get_by_role("button", name="Save settings").click()
        expect(page.get_by_role("status")).to_have_text("Saved the district's settings.")
        expect(setting).to_be_checked()

        served = reader.goto(package)
        assert served.status == 200 and served.json()["CFDocument"]["title"] == title
    finally:
        stranger.close()
        with tenant_context(district.district):  # other tests count hillcrest's adopted frameworks
            Framework.objects.filter(title=title).update(adoption_status="deprecated")
