"""A district administrator imports a OneRoster bundle: upload, read the dry run, apply."""

import uuid

from playwright.sync_api import expect

from rostering.writer import bundle_zip
from tests.browser.conftest import unique_code


def bundle(tag: str, code: str) -> bytes:
    orgs = [
        {"sourcedId": f"{tag}-d", "name": "District", "type": "district"},
        {"sourcedId": f"{tag}-s", "name": f"Roster School {tag}", "type": "school", "identifier": code},
    ]
    users = [
        {
            "sourcedId": f"{tag}-t",
            "enabledUser": "true",
            "username": f"{tag}-t",
            "givenName": "Imported",
            "familyName": f"Teacher{tag}",
            "email": f"{tag}-t@hillcrest.example.org",
        },
        {
            "sourcedId": f"{tag}-k",
            "enabledUser": "true",
            "username": "kid",
            "givenName": "K",
            "familyName": "Id",
        },
    ]
    roles = [
        {"sourcedId": f"{tag}-r1", "userSourcedId": f"{tag}-t", "roleType": "primary", "role": "teacher",
         "orgSourcedId": f"{tag}-s"},
        {"sourcedId": f"{tag}-r2", "userSourcedId": f"{tag}-k", "roleType": "primary", "role": "student",
         "orgSourcedId": f"{tag}-s"},
    ]  # fmt: skip
    return bundle_zip(
        version="1.2", orgs=orgs, users=users, roles=roles, modes={"users": "delta", "orgs": "delta"}
    )


def test_admin_uploads_reads_the_dry_run_and_applies_it(admin_page):
    page = admin_page
    tag = uuid.uuid4().hex[:8]
    page.goto("/integrations/roster/")
    page.get_by_label("OneRoster bundle (.zip)").set_input_files(
        files=[{"name": "roster.zip", "mimeType": "application/zip", "buffer": bundle(tag, unique_code())}]
    )
    page.get_by_role("button", name="Upload and dry run").click()

    expect(page.get_by_role("heading", name="What would change")).to_be_visible()
    expect(page.locator("[data-status]")).to_have_text("Dry run ready")
    expect(page.get_by_role("cell", name=f"Teacher{tag}")).to_be_visible()
    expect(page.get_by_text("Skipped (never stored): 1 student.")).to_be_visible()

    page.get_by_role("button", name="Apply this import").click()
    expect(page.locator("[data-status]")).to_have_text("Applied")
    expect(page.get_by_role("heading", name="What changed")).to_be_visible()
    page.goto(f"/people/?q=Teacher{tag}")
    expect(page.get_by_text(f"Imported Teacher{tag}")).to_be_visible()


def test_admin_sees_a_refused_bundle_with_its_errors(admin_page):
    page = admin_page
    page.goto("/integrations/roster/")
    broken = bundle_zip(version="1.1", orgs=[{"sourcedId": "x", "name": "X", "type": "campus"}], users=None)
    page.get_by_label("OneRoster bundle (.zip)").set_input_files(
        files=[{"name": "broken.zip", "mimeType": "application/zip", "buffer": broken}]
    )
    page.get_by_role("button", name="Upload and dry run").click()
    expect(page.locator("[data-status]")).to_have_text("Refused (errors)")
    expect(page.get_by_text("orgs.csv:2: type: must be one of")).to_be_visible()
    expect(page.get_by_role("button", name="Apply this import")).to_have_count(0)
