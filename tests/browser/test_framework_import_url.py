"""A district administrator imports a published framework from its address, on a phone: the
package there carries the two known defects, so the import is refused until she ticks
"Repair known defects"; later she checks the address for updates, again with repair, and
applies them.

Imports are committed in hillcrest, so the package gets fresh identifiers and a unique title.
"""

import json
import os
import re
import uuid

from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from assessments.models import Framework, Item
from tests.assessments.case.test_case_fidelity import twice_listed
from tests.assessments.case.test_case_updates import Publisher
from tests.browser.conftest import PHONE, SHOTS_DIR, has_no_horizontal_scroll, unique

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def with_fresh_identifiers(package: dict) -> dict:
    """The same package with every identifier replaced consistently (references kept)."""
    fresh: dict[str, str] = {}
    text = UUID.sub(lambda m: fresh.setdefault(m.group(0).lower(), str(uuid.uuid4())), json.dumps(package))
    return json.loads(text)


def test_admin_imports_a_defective_package_from_its_address_with_repair_and_updates_it(admin_page, district):
    page = admin_page
    page.set_viewport_size(PHONE)
    package = with_fresh_identifiers(twice_listed())
    title = unique("Published with defects")
    package["CFDocument"]["title"] = title
    publisher = Publisher(package)
    try:
        page.goto("/frameworks/import/")
        page.get_by_label("Or its address").fill(publisher.url)
        page.get_by_role("button", name="Import").click()
        refusal = page.get_by_role("alert")
        expect(refusal).to_contain_text("The package was refused")
        expect(refusal).to_contain_text("CFAssociations[16].sequenceNumber: must be a whole number")
        assert has_no_horizontal_scroll(page)

        page.get_by_label("Or its address").fill(publisher.url)
        page.get_by_label("Repair known defects").check()
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_role("heading", name=f"Edit {title}", level=1)).to_be_visible()
        expect(page.get_by_text("Repaired 3 defects")).to_be_visible()
        source = page.get_by_role("region", name="Source")
        expect(source).to_contain_text(publisher.url)

        publisher.package["CFItems"][0]["fullStatement"] = "Reworded upstream."
        source.get_by_role("button", name="Check for updates").click()
        expect(page.get_by_role("heading", name=f"Updates to {title}", level=1)).to_be_visible()
        expect(page.get_by_role("alert")).to_contain_text("sequenceNumber: must be a whole number")
        page.get_by_label("Repair known defects").check()
        page.get_by_role("button", name="Check again").click()
        expect(page.get_by_text("Repaired 3 defects in the source")).to_be_visible()
        expect(page.get_by_role("region", name="Changed (1)")).to_contain_text("Reworded upstream.")
        assert has_no_horizontal_scroll(page)
        os.makedirs(SHOTS_DIR, exist_ok=True)
        page.screenshot(
            caret="initial",
            path=os.path.join(SHOTS_DIR, "framework-updates-repair-phone.png"),
            full_page=True,
        )
        page.get_by_role("button", name="Apply these changes").click()
        expect(page.get_by_role("status").first).to_contain_text(f"Updated {title} from {publisher.url}.")
        expect(page.get_by_text("Repaired 3 defects")).to_be_visible()
        with tenant_context(district.district):
            framework = Framework.objects.get(title=title)
            assert framework.source_url == publisher.url
            identifier = publisher.package["CFItems"][0]["identifier"]
            assert Item.objects.get(identifier=identifier).statement == "Reworded upstream."
    finally:
        publisher.close()
