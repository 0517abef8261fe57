"""A district administrator's people pages: list, search, add, edit, roles, supervision,
deactivation. Roles and supervision links change in place through HTMX forms."""

import os
import re

from playwright.sync_api import expect

from tests.browser.conftest import SHOTS_DIR, document_was_kept, mark_document, path_is, unique, unique_email


def person_rows(page):
    return page.locator("#person-rows tbody tr")


def role_rows(page):
    return page.locator("#memberships tbody tr")


def supervision_rows(page):
    return page.locator("#supervisions tbody tr")


def test_admin_adds_a_person_who_is_sent_an_invitation(admin_page, mailoutbox):
    page = admin_page
    last_name, email = unique("Okafor").replace(" ", ""), unique_email("new")
    page.goto("/people/")

    page.get_by_role("button", name="Add a person").click()
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill(last_name)
    page.get_by_label("Email").fill(email.upper())
    page.get_by_label("Title").fill("Math teacher")
    page.get_by_role("button", name="Add person").click()

    expect(page.get_by_role("status")).to_have_text(
        f"Added Nia {last_name} and emailed them a link to set a password."
    )
    expect(page).to_have_url(re.compile(r"/people/\d+/$"))
    expect(page.get_by_role("heading", name=f"Nia {last_name}")).to_be_visible()
    expect(page.locator("hgroup")).to_contain_text(f"{email} · Math teacher")
    expect(role_rows(page)).to_have_text(["No roles yet."])
    invitations = [m for m in mailoutbox if m.to == [email]]
    assert len(invitations) == 1
    assert "/accounts/reset/" in invitations[0].body


def test_email_already_in_use_shows_the_error_next_to_the_email_field(admin_page, district):
    page = admin_page
    someone = district.person()
    page.goto("/people/new/")

    page.get_by_label("First name").fill("Dup")
    page.get_by_label("Last name").fill("Licate")
    page.get_by_label("Email").fill(someone.email.upper())
    page.get_by_role("button", name="Add person").click()

    expect(page).to_have_url(path_is("/people/new/"))
    expect(page.locator("#id_email + .errorlist")).to_have_text(
        f"Someone in this district already signs in as {someone.email}."
    )


def test_live_search_filters_people_without_a_reload(admin_page, district):
    page = admin_page
    tag = unique("x").split()[1]
    school = district.school()
    ana = district.person("teacher", school=school, first_name="Ana", last_name=f"Search{tag}")
    district.person("coach", school=school, first_name="Ben", last_name=f"Search{tag}")
    page.goto("/people/")
    mark_document(page)

    page.get_by_label("Search").fill(f"Search{tag}")
    expect(person_rows(page)).to_have_count(2)
    page.get_by_label("Search").fill(f"ana search{tag}")
    expect(person_rows(page)).to_have_count(1)
    expect(person_rows(page).get_by_role("cell").nth(1)).to_have_text(ana.email)
    expect(person_rows(page).get_by_role("cell").nth(2)).to_have_text(f"Teacher · {school.name}")

    page.get_by_label("Search").fill(f"Search{tag}")
    expect(person_rows(page)).to_have_count(2)
    page.get_by_role("combobox", name="Role").select_option(label="Instructional coach")
    expect(person_rows(page)).to_have_count(1)
    expect(person_rows(page).first).to_contain_text("Ben")
    assert document_was_kept(page), "the rows changed in place, without loading a new page"


def test_admin_edits_a_person(admin_page, district):
    page = admin_page
    person = district.person("teacher")
    page.goto(f"/people/{person.pk}/")

    page.get_by_role("button", name="Edit details").click()
    expect(page).to_have_url(path_is(f"/people/{person.pk}/edit/"))
    expect(page.get_by_label("Email")).to_have_value(person.email)
    page.get_by_label("Title").fill("Assistant principal")
    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_url(path_is(f"/people/{person.pk}/"))
    expect(page.get_by_role("status")).to_have_text(f"Saved {person.full_name}.")
    expect(page.locator("hgroup")).to_contain_text("Assistant principal")


def test_admin_adds_a_teacher_role_in_place(admin_page, district):
    page = admin_page
    school = district.school()
    person = district.person()
    page.goto(f"/people/{person.pk}/")
    mark_document(page)

    page.get_by_text("Add a role").click()
    page.get_by_role("combobox", name="Role").select_option(label="Teacher")
    page.get_by_label("School").select_option(label=school.name)
    page.get_by_label("Position").fill("Grade 4 teacher")
    page.get_by_role("button", name="Add role").click()

    expect(role_rows(page)).to_have_count(1)
    cells = role_rows(page).first.get_by_role("cell")
    expect(cells.nth(0)).to_have_text("Teacher")
    expect(cells.nth(1)).to_have_text(school.name)
    expect(cells.nth(2)).to_have_text("Grade 4 teacher")
    expect(role_rows(page).get_by_role("button", name="End Teacher role")).to_be_visible()
    expect(page.locator("#memberships details")).not_to_have_attribute("open", "")
    assert document_was_kept(page), "the role was added in place, without loading a new page"


def test_teacher_role_without_a_school_shows_the_error_inline(admin_page, district):
    page = admin_page
    person = district.person()
    page.goto(f"/people/{person.pk}/")
    mark_document(page)

    page.get_by_text("Add a role").click()
    page.get_by_role("combobox", name="Role").select_option(label="Teacher")
    page.get_by_role("button", name="Add role").click()

    expect(page.locator("#id_school + .errorlist")).to_have_text("A teacher belongs to a school: choose one.")
    expect(page.get_by_role("combobox", name="Role")).to_have_value("teacher")
    expect(role_rows(page)).to_have_text(["No roles yet."])
    assert document_was_kept(page)


def test_admin_ends_a_role_after_confirming(admin_page, district):
    page = admin_page
    school = district.school()
    person = district.person("teacher", school=school)
    page.goto(f"/people/{person.pk}/")
    questions = []

    def accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.get_by_role("button", name="End Teacher role").click()

    expect(role_rows(page).first.locator(".badge")).to_have_text("ended")
    expect(page.get_by_role("button", name="End Teacher role")).to_have_count(0)
    expect(role_rows(page).first.get_by_role("cell").nth(4)).not_to_have_text("—")
    assert questions == ["End this role today?"]


def test_dismissing_the_confirmation_keeps_the_role(admin_page, district):
    page = admin_page
    person = district.person("teacher")
    page.goto(f"/people/{person.pk}/")
    page.on("dialog", lambda dialog: dialog.dismiss())

    page.get_by_role("button", name="End Teacher role").click()

    page.reload()
    expect(page.get_by_role("button", name="End Teacher role")).to_be_visible()
    expect(role_rows(page).locator(".badge")).to_have_count(0)


def test_admin_links_a_supervisor_by_name_then_ends_the_link(admin_page, district):
    page = admin_page
    school = district.school()
    principal = district.person("school_leader", school=school, first_name="Paula")
    teacher = district.person("teacher", school=school, first_name="Theo")
    page.goto(f"/people/{principal.pk}/")
    mark_document(page)

    page.get_by_text("Add a supervision link").click()
    page.get_by_label(f"{principal.full_name} supervises …").check()
    page.get_by_label("Find them by name").fill(f"theo {teacher.last_name[:4]}")
    page.get_by_role("radio", name=re.compile(teacher.full_name)).check()
    page.screenshot(
        caret="initial", path=os.path.join(SHOTS_DIR, "supervision-form-desktop.png"), full_page=True
    )
    page.get_by_role("button", name="Add link").click()

    expect(page.get_by_role("status")).to_have_text(
        f"Saved: {principal.full_name} supervises {teacher.full_name}."
    )
    row = supervision_rows(page).first
    expect(supervision_rows(page)).to_have_count(1)
    expect(row.get_by_role("cell").nth(0)).to_have_text(principal.full_name)
    expect(row.get_by_role("cell").nth(1)).to_have_text(teacher.full_name)
    expect(row.get_by_role("cell").nth(3)).to_have_text("—")
    assert document_was_kept(page)

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"End supervision of {teacher.full_name}").click()
    expect(row.get_by_role("cell").nth(3)).not_to_have_text("—")
    expect(row.get_by_role("button")).to_have_count(0)


def test_supervision_link_without_a_chosen_colleague_shows_the_errors_inline(admin_page, district):
    page = admin_page
    person = district.person("school_leader")
    page.goto(f"/people/{person.pk}/")

    page.get_by_text("Add a supervision link").click()
    page.get_by_label("Find them by name").fill(unique("Nobody"))
    expect(page.locator("#supervision-candidates")).to_contain_text("Nobody you can see is called")
    page.get_by_role("button", name="Add link").click()

    expect(page.locator("#id_direction_error")).to_have_text("Choose who supervises whom.")
    expect(page.locator("#id_other_error")).to_have_text("Find the colleague by name and choose them.")
    expect(supervision_rows(page)).to_have_text(["No supervision links."])


def test_admin_deactivates_a_person_and_their_roles_end(admin_page, district):
    page = admin_page
    person = district.person("teacher")
    page.goto(f"/people/{person.pk}/")

    page.get_by_role("button", name="Deactivate").click()

    expect(page.get_by_role("status")).to_have_text(
        f"{person.full_name} is deactivated and can no longer sign in."
    )
    expect(page.locator("hgroup .badge")).to_have_text("deactivated")
    expect(role_rows(page).first.locator(".badge")).to_have_text("ended")
    expect(page.get_by_text("Add a role")).to_have_count(0)
    page.get_by_role("button", name="Reactivate").click()
    expect(page.get_by_role("status")).to_have_text(f"{person.full_name} can sign in again.")
    expect(page.locator("hgroup .badge")).to_have_text("active")


def test_admin_cannot_deactivate_themselves(admin_page, admin):
    page = admin_page
    page.goto(f"/people/{admin.pk}/")

    page.get_by_role("button", name="Deactivate").click()

    expect(page.locator(".messages li.error")).to_have_text("You cannot deactivate yourself.")
    expect(page.locator("hgroup .badge")).to_have_text("active")
    page.goto("/people/")
    expect(page.get_by_role("heading", name="People")).to_be_visible()
