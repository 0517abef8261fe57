"""A district administrator's school pages: list, live search, add, edit, deactivate."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.browser.conftest import document_was_kept, mark_document, path_is, unique, unique_code


def school_rows(page):
    return page.locator("#school-rows tbody tr")


def test_admin_adds_a_school_that_then_appears_in_the_list(admin_page):
    page = admin_page
    name, code = unique("Cedar Middle"), unique_code()
    page.goto("/schools/")

    page.get_by_role("button", name="Add a school").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Code").fill(code.lower())
    page.get_by_label("Grade band").select_option(label="Middle")
    page.get_by_label("Stage").select_option(label="Moving forward")
    page.get_by_role("button", name="Add school").click()

    expect(page).to_have_url(path_is("/schools/"))
    expect(page.get_by_role("status")).to_have_text(f"Added {name}.")
    page.get_by_label("Search").fill(name)
    row = school_rows(page).filter(has_text=name)
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell")).to_have_text([name, code, "Middle", "Moving forward", "0", "active"])


def test_duplicate_code_shows_the_error_next_to_the_code_field(admin_page, district):
    page = admin_page
    existing = district.school()
    name = unique("Copycat Elementary")
    page.goto("/schools/new/")

    page.get_by_label("Name").fill(name)
    page.get_by_label("Code").fill(existing.code.lower())
    page.get_by_label("Grade band").select_option(label="Elementary")
    page.get_by_role("button", name="Add school").click()

    expect(page).to_have_url(path_is("/schools/new/"))
    code_error = page.locator("#id_code + .errorlist")
    expect(code_error).to_have_text(f'Another school already uses the code "{existing.code}".')
    expect(page.locator("#id_name + .errorlist")).to_have_count(0)
    expect(page.get_by_label("Name")).to_have_value(name)
    page.goto(f"/schools/?q={name}")
    expect(school_rows(page)).to_have_text(["No schools match."])


def test_admin_edits_a_school(admin_page, district):
    page = admin_page
    school = district.school()
    new_name = unique("Renamed Academy")
    page.goto(f"/schools/?q={school.code}")

    school_rows(page).get_by_role("link", name=school.name).click()
    expect(page).to_have_url(path_is(f"/schools/{school.pk}/edit/"))
    expect(page.get_by_label("Code")).to_have_value(school.code)
    page.get_by_label("Name").fill(new_name)
    page.get_by_label("Stage").select_option(label="Sustaining")
    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_url(path_is("/schools/"))
    expect(page.get_by_role("status")).to_have_text(f"Saved {new_name}.")
    page.goto(f"/schools/?q={school.code}")
    expect(school_rows(page).get_by_role("cell")).to_have_text(
        [new_name, school.code, "Elementary", "Sustaining", "0", "active"]
    )


def test_admin_deactivates_and_reactivates_a_school(admin_page, district):
    page = admin_page
    school = district.school()
    page.goto(f"/schools/{school.pk}/edit/")

    page.get_by_role("button", name="Deactivate school").click()

    expect(page.get_by_role("status")).to_have_text(f"{school.name} deactivated.")
    expect(page.locator("main .badge")).to_have_text("deactivated")
    expect(page.get_by_role("button", name="Reactivate school")).to_be_visible()
    page.goto(f"/schools/?q={school.code}")
    expect(school_rows(page).locator(".badge")).to_have_text("deactivated")

    page.goto(f"/schools/{school.pk}/edit/")
    page.get_by_role("button", name="Reactivate school").click()
    expect(page.get_by_role("status")).to_have_text(f"{school.name} reactivated.")
    expect(page.locator("main .badge")).to_have_count(0)


def test_live_search_and_filters_update_the_rows_without_a_reload(admin_page, district):
    page = admin_page
    tag = unique("Brook").split()[1]
    north = district.school(name=f"North Brook {tag}")
    south = district.school(name=f"South Brook {tag}", grade_band="high")
    page.goto("/schools/")
    mark_document(page)

    page.get_by_label("Search").fill(tag)
    expect(school_rows(page)).to_have_count(2)
    page.get_by_label("Search").fill(f"North Brook {tag}")
    expect(school_rows(page)).to_have_count(1)
    expect(school_rows(page).first).to_contain_text(north.name)
    expect(page).to_have_url(path_is("/schools/"))
    query = parse_qs(urlparse(page.url).query)
    assert query["q"] == [f"North Brook {tag}"], "the search is pushed into the address bar"

    page.get_by_label("Search").fill(tag)
    expect(school_rows(page)).to_have_count(2)
    page.get_by_label("Grade band").select_option(label="High")
    expect(school_rows(page)).to_have_count(1)
    expect(school_rows(page).first).to_contain_text(south.name)

    page.get_by_label("Search").fill(f"nothing-called-{tag}")
    expect(school_rows(page)).to_have_text(["No schools match."])
    assert document_was_kept(page), "the rows changed in place, without loading a new page"


def test_status_filter_finds_deactivated_schools(admin_page, district):
    page = admin_page
    tag = unique("Status").split()[1]
    open_school = district.school(name=f"Open {tag}")
    closed_school = district.school(name=f"Closed {tag}")
    page.goto(f"/schools/{closed_school.pk}/edit/")
    page.get_by_role("button", name="Deactivate school").click()
    expect(page.get_by_role("status")).to_contain_text("deactivated")

    page.goto("/schools/")
    page.get_by_label("Search").fill(tag)
    expect(school_rows(page)).to_have_count(2)
    page.get_by_label("Status").select_option(label="Deactivated")
    expect(school_rows(page)).to_have_count(1)
    expect(school_rows(page).first).to_contain_text(closed_school.name)
    page.get_by_label("Status").select_option(label="Active")
    expect(school_rows(page)).to_have_count(1)
    expect(school_rows(page).first).to_contain_text(open_school.name)
