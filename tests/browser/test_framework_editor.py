"""A district administrator copies a shipped framework and edits the copy.

Copies are committed in hillcrest, so every title here is unique.
"""

import os

from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    SHOTS_DIR,
    document_was_kept,
    has_no_horizontal_scroll,
    htmx_settled,
    mark_document,
    path_is,
    unique,
)

B21 = "Building 21 Leadership Competencies"


def copy_building_21(page, title: str) -> None:
    page.goto("/frameworks/")
    page.get_by_role("link", name=B21).click()
    expect(page.get_by_role("heading", name=B21, level=1)).to_be_visible()
    page.get_by_role("button", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", name=f"Edit {B21}", level=1)).to_be_visible()
    page.get_by_label("Title of the copy").fill(title)
    page.get_by_role("button", name="Copy into a district version").click()
    expect(page.get_by_role("heading", name=f"Edit {title}", level=1)).to_be_visible()
    htmx_settled(page)  # the edit page's buttons are HTMX's


def test_admin_copies_building_21_and_edits_the_copy(admin_page):
    page = admin_page
    page.set_viewport_size(DESKTOP)
    title = unique("Hillcrest Leadership")
    copy_building_21(page, title)
    expect(page.get_by_role("status").first).to_contain_text(f"Copied {B21} into {title}")
    expect(page.locator(".meta .badge")).to_have_text("Draft")

    # An indicator's wording, in place.
    mark_document(page)
    page.get_by_role("button", name="Edit LC.1.2").click()
    item_form = page.get_by_role("form", name="Edit LC.1.2")
    expect(item_form.get_by_label("Code")).to_be_focused()
    htmx_settled(page)  # the browser focuses Code before HTMX binds the form (htmx_settled)
    item_form.get_by_label("Statement").fill("   ")
    item_form.get_by_role("button", name="Save").click()
    expect(item_form.get_by_role("alert")).to_have_text("A statement is required.")
    expect(item_form.get_by_label("Statement")).to_be_focused()
    htmx_settled(page)
    wording = unique("Our district's words for LC.1.2")
    item_form.get_by_label("Statement").fill(wording)
    item_form.get_by_role("button", name="Save").click()
    expect(page.locator(".editor-item", has_text=wording)).to_contain_text("Saved.")
    expect(page.get_by_role("form", name="Edit LC.1.2")).to_have_count(0)
    htmx_settled(page)
    assert document_was_kept(page), "the item was edited without loading a new page"

    # Cancel puts the row back unchanged.
    page.get_by_role("button", name="Edit LC.1.3").click()
    expect(page.get_by_role("form", name="Edit LC.1.3")).to_be_visible()
    htmx_settled(page)  # Cancel is an HTMX button: it does nothing until the form is bound
    page.get_by_role("form", name="Edit LC.1.3").get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("button", name="Edit LC.1.3")).to_be_visible()

    # Title.
    renamed = unique("Hillcrest Leaders")
    details = page.get_by_role("region", name="Details")
    details.get_by_label("Title").fill(renamed)
    details.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("heading", name=f"Edit {renamed}", level=1)).to_be_visible()
    expect(page.get_by_text(wording)).to_be_visible()

    # Deprecate.
    page.get_by_role("button", name="Deprecate").click()
    expect(page.get_by_role("status").first).to_contain_text(f"{renamed} is now deprecated.")
    expect(page.locator(".meta .badge")).to_have_text("Deprecated")
    expect(page.get_by_role("button", name="Adopt")).to_be_visible()

    page.get_by_role("link", name=f"← {renamed}").click()
    expect(page.get_by_role("heading", name=renamed, level=1)).to_be_visible()
    page.locator("summary", has_text="LC.1.2").click()
    expect(page.locator("summary", has_text="LC.1.2")).to_contain_text(wording)


def test_scale_editor_saves_a_new_scale(admin_page):
    page = admin_page
    copy_building_21(page, unique("Hillcrest Scale"))
    levels = page.get_by_role("region", name="Performance levels")
    levels.get_by_label("Level 1 name").fill("Beginning")
    levels.get_by_label("Remove level 4").check()
    levels.get_by_role("button", name="Save scale").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Saved the level scale: Beginning, Developing, Proficient."
    )
    expect(levels.get_by_label("Level 1 name")).to_have_value("Beginning")


def test_import_page_shows_the_packages_errors(admin_page):
    page = admin_page
    page.goto("/frameworks/")
    page.get_by_role("button", name="Import CASE").click()
    expect(page).to_have_url(path_is("/frameworks/import/"))
    page.get_by_label("Or paste the JSON").fill('{"CFDocument": {}, "CFItems": []}')
    page.get_by_role("button", name="Import").click()
    alert = page.locator(".case-errors")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert.get_by_role("heading")).to_contain_text("The package was refused")
    expect(alert).to_contain_text("CFDocument.identifier: required")


def test_edit_page_fits_a_phone_and_a_desktop(admin_page):
    page = admin_page
    copy_building_21(page, unique("Hillcrest Phone"))
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Edit LC.1.1").click()
    expect(page.get_by_role("form", name="Edit LC.1.1")).to_be_visible()
    htmx_settled(page)
    assert has_no_horizontal_scroll(page), "the edit page scrolls sideways on a phone"

    page.set_viewport_size(DESKTOP)
    page.get_by_role("form", name="Edit LC.1.1").get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("button", name="Edit LC.1.1")).to_be_visible()
    assert has_no_horizontal_scroll(page)
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, "framework-editor.png"), full_page=True)


def test_admin_builds_a_new_framework_in_place(admin_page):
    page = admin_page
    page.set_viewport_size(PHONE)
    title = unique("Hillcrest Coaching")
    page.goto("/frameworks/")
    page.get_by_role("button", name="New framework").click()
    expect(page).to_have_url(path_is("/frameworks/new/"))
    page.get_by_label("Title").fill(title)
    page.get_by_label("Audience").select_option(label="Educators")
    page.get_by_label("Version").fill("1")
    page.get_by_role("button", name="Create framework").click()
    expect(page.get_by_role("heading", name=f"Edit {title}", level=1)).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text(f"Created {title}, a draft.")
    htmx_settled(page)

    # A competency at the top, with an error first; no page loads from here on.
    mark_document(page)
    outline = page.get_by_role("region", name="Competencies")
    outline.get_by_role("button", name="Add a competency", exact=True).click()
    form = page.get_by_role("form", name="Add a competency", exact=True)
    expect(form.get_by_label("Code")).to_be_focused()
    htmx_settled(page)  # the browser focuses Code before HTMX binds the form (htmx_settled)
    form.get_by_label("Code").fill("C1")
    form.get_by_role("button", name="Add").click()
    expect(form.get_by_role("alert")).to_have_text("A statement is required.")
    expect(form.get_by_label("Statement")).to_be_focused()
    htmx_settled(page)
    form.get_by_label("Statement").fill("Builds relationships")
    form.get_by_role("button", name="Add").click()
    expect(outline.get_by_role("heading", name="C1 Builds relationships", level=3)).to_be_visible()
    expect(outline.get_by_role("status")).to_have_text("Added C1.")
    htmx_settled(page)  # the outline was swapped in: its buttons work once HTMX binds them

    # An indicator under it.
    outline.get_by_role("button", name="Add an indicator to C1").click()
    form = page.get_by_role("form", name="Add an indicator to C1")
    expect(form.get_by_label("Short title")).to_have_count(0)
    expect(form.get_by_label("Code")).to_be_focused()
    htmx_settled(page)
    form.get_by_label("Code").fill("C1.a")
    form.get_by_label("Statement").fill("Greets every learner by name")
    form.get_by_role("button", name="Add").click()
    expect(outline.get_by_text("Greets every learner by name")).to_be_visible()
    expect(outline.get_by_role("status")).to_have_text("Added C1.a.")
    htmx_settled(page)

    # Its level descriptors.
    outline.get_by_role("button", name="Edit descriptors of C1.a").click()
    form = page.get_by_role("form", name="Edit descriptors of C1.a")
    expect(form.get_by_label("Emerging")).to_be_focused()
    htmx_settled(page)
    form.get_by_label("Emerging").fill("Greets some learners.")
    form.get_by_label("Advanced").fill("Learners greet each other too.")
    assert has_no_horizontal_scroll(page), "the descriptor form scrolls sideways on a phone"
    form.get_by_role("button", name="Save descriptors").click()
    descriptors = outline.get_by_label("Level descriptors of C1.a")
    expect(descriptors).to_contain_text("Greets some learners.")
    expect(descriptors).to_contain_text("Learners greet each other too.")
    expect(outline.get_by_text("Descriptors saved.")).to_be_visible()
    htmx_settled(page)

    # Retire a second competency, after confirming.
    outline.get_by_role("button", name="Add a competency", exact=True).click()
    form = page.get_by_role("form", name="Add a competency", exact=True)
    # The form focuses its first field once HTMX settles; typing before that could land there.
    expect(form.get_by_label("Code")).to_be_focused()
    htmx_settled(page)
    form.get_by_label("Code").fill("C2")
    form.get_by_label("Statement").fill("Short-lived")
    form.get_by_role("button", name="Add").click()
    expect(outline.get_by_text("Short-lived")).to_be_visible()
    htmx_settled(page)
    page.once("dialog", lambda dialog: dialog.accept())
    outline.get_by_role("button", name="Retire C2").click()
    expect(outline.get_by_role("status")).to_have_text(
        "Retired C2 and everything under it. Ratings on it are kept."
    )
    expect(outline.get_by_text("Short-lived")).to_have_count(0)
    expect(outline.get_by_text("Greets every learner by name")).to_be_visible()
    assert document_was_kept(page), "items and descriptors were added without loading a new page"
    assert has_no_horizontal_scroll(page)

    page.reload()
    page.get_by_text("Level descriptors").click()  # folded away on a fresh page
    expect(page.get_by_label("Level descriptors of C1.a")).to_contain_text("Greets some learners.")
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, "framework-editor-new.png"), full_page=True)


def test_admin_deletes_an_unused_copy_and_is_offered_deprecation_for_one_in_use(admin_page, district):
    from django_tenants.utils import tenant_context

    from assessments.models import Framework, ItemKind
    from pathways.models import Pathway

    page = admin_page
    page.set_viewport_size(DESKTOP)

    # Nothing uses a fresh copy: it can go, after a confirmation.
    unused = unique("Imported by mistake")
    copy_building_21(page, unused)
    delete = page.get_by_role("region", name="Delete")
    expect(delete.get_by_role("button", name=f"Yes, delete {unused}")).not_to_be_visible()
    delete.get_by_role("button", name="Delete this framework…").click()
    delete.get_by_role("button", name=f"Yes, delete {unused}").click()
    expect(page).to_have_url(path_is("/frameworks/"))
    expect(page.get_by_role("status").first).to_contain_text(f"Deleted {unused}.")
    expect(page.get_by_role("link", name=unused)).to_have_count(0)

    # A copy a pathway serves is refused, with what uses it, and deprecation is offered.
    used = unique("In use")
    copy_building_21(page, used)
    with tenant_context(district.district):
        framework = Framework.objects.get(title=used)
        competency = framework.items.filter(kind=ItemKind.COMPETENCY).order_by("pk").first()
        Pathway.objects.create(title=unique("Pathway"), competency=competency)
    delete = page.get_by_role("region", name="Delete")
    delete.get_by_role("button", name="Delete this framework…").click()
    delete.get_by_role("button", name=f"Yes, delete {used}").click()
    refusal = page.get_by_role("region", name="Delete").get_by_role("alert")
    expect(refusal).to_contain_text(f"{used} cannot be deleted")
    expect(refusal.get_by_role("list", name="What uses it")).to_have_text("1 pathway")
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, "framework-delete-refused.png"))
    refusal.get_by_role("button", name=f"Deprecate {used}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"{used} is now deprecated.")
    expect(page.locator(".meta .badge")).to_have_text("Deprecated")


def test_admin_checks_a_url_imported_framework_for_updates_and_applies_them(admin_page, district):
    import copy
    import json

    from django_tenants.utils import tenant_context

    from assessments.case.updates import framework_import_case_url
    from assessments.models import Item
    from tests.assessments.case.test_case_exchange import golden
    from tests.assessments.case.test_case_updates import Publisher

    page = admin_page
    page.set_viewport_size(DESKTOP)
    package = golden("1.1")
    # Its own identifiers: hillcrest keeps what the browser tests import.
    for old in {package["CFDocument"]["identifier"], *(i["identifier"] for i in package["CFItems"])}:
        package = json.loads(json.dumps(package).replace(old, str(__import__("uuid").uuid4())))
    title = unique("Published upstream")
    package["CFDocument"]["title"] = title
    publisher = Publisher(package)
    try:
        with tenant_context(district.district):
            framework = framework_import_case_url(actor=None, url=publisher.url).framework
        changed = copy.deepcopy(package)
        changed["CFItems"][0]["fullStatement"] = "Reworded upstream."
        publisher.package = changed

        page.goto(f"/frameworks/{framework.pk}/edit/")
        source = page.get_by_role("region", name="Source")
        expect(source).to_contain_text(publisher.url)
        source.get_by_role("button", name="Check for updates").click()
        expect(page.get_by_role("heading", name=f"Updates to {title}", level=1)).to_be_visible()
        expect(page.get_by_role("region", name="Changed (1)")).to_contain_text("Reworded upstream.")
        expect(page.get_by_role("region", name="Added (0)")).to_be_visible()
        expect(page.get_by_role("region", name="Removed (0)")).to_be_visible()
        os.makedirs(SHOTS_DIR, exist_ok=True)
        page.screenshot(
            caret="initial", path=os.path.join(SHOTS_DIR, "framework-updates.png"), full_page=True
        )
        page.get_by_role("button", name="Apply these changes").click()
        expect(page.get_by_role("status").first).to_contain_text(f"Updated {title} from {publisher.url}.")
        with tenant_context(district.district):
            assert (
                Item.objects.get(identifier=changed["CFItems"][0]["identifier"]).statement
                == "Reworded upstream."
            )
    finally:
        publisher.close()
