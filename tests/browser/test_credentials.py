"""Credentials in the browser: the public verification page (valid, then revoked by an
administrator) and My credentials with its downloads."""

import io
import json
import zipfile
from pathlib import Path

from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, fits_across, unique


def earn(district, holder, title):
    from tests.pathways.factories import earned_credential, micro_credential

    reviewer = district.person("coach")
    with tenant_context(district.district):
        return earned_credential(holder, micro_credential(title=title), reviewer=reviewer)


def test_verification_page_signed_out_then_revoked_by_an_admin(page, browser, district, admin):
    holder = district.person("teacher", first_name="Grace")
    title = unique("Questioning")
    credential = earn(district, holder, title)
    url = f"/credentials/{credential.public_id}/"

    page.goto(url)
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Valid.")
    expect(page.get_by_text(f"Grace {holder.last_name}")).to_be_visible()
    expect(page.get_by_role("link", name="Open Badges 3.0 credential (JSON-LD)")).to_be_visible()
    expect(page.get_by_role("heading", name="Revoke this credential")).to_have_count(0)
    page.screenshot(caret="initial", path="/tmp/lodestar-shots/credential-verify-valid.png", full_page=True)

    context = browser.new_context(base_url=district.base_url)
    context.add_cookies([district.session_cookie(admin)])
    admin_page = context.new_page()
    admin_page.goto(url)
    admin_page.get_by_role("button", name="Revoke").click()
    expect(admin_page.get_by_role("alert")).to_contain_text("Say why the credential is revoked.")
    admin_page.get_by_label("Reason for revoking").fill("Evidence belonged to someone else.")
    admin_page.get_by_role("button", name="Revoke").click()
    expect(admin_page.get_by_text("The credential is revoked; the holder has been told.")).to_be_visible()
    context.close()

    page.reload()
    expect(page.get_by_role("status")).to_contain_text("Revoked")
    expect(page.get_by_role("status")).to_contain_text("Evidence belonged to someone else.")
    page.screenshot(caret="initial", path="/tmp/lodestar-shots/credential-verify-revoked.png", full_page=True)


def test_my_credentials_downloads(page, district, sign_in_as):
    holder = district.person("teacher")
    title = unique("Wait time")
    credential = earn(district, holder, title)
    sign_in_as(holder)

    page.goto("/my/credentials/")
    expect(page.get_by_role("heading", name="My credentials")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=title)
    expect(row.get_by_text("Valid")).to_be_visible()
    page.screenshot(caret="initial", path="/tmp/lodestar-shots/my-credentials.png", full_page=True)
    page.set_viewport_size(PHONE)
    signed = row.get_by_role("link", name=f"Signed credential for {title}")
    assert fits_across(signed, PHONE), "on a phone the row is a card: its downloads are on screen"

    with page.expect_download() as json_download:
        row.get_by_role("link", name=f"Open Badges JSON for {title}").click()
    document = json.loads(Path(json_download.value.path()).read_text())
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"].endswith(f"/credentials/{credential.public_id}/")

    with page.expect_download() as jwt_download:
        row.get_by_role("link", name=f"Signed credential for {title}").click()
    assert Path(jwt_download.value.path()).read_text().count(".") == 2

    with page.expect_download() as zip_download:
        page.get_by_role("button", name="Download my whole record").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(zip_download.value.path()).read_bytes()))
    manifest = json.loads(archive.read("manifest.json"))
    assert [c["title"] for c in manifest["credentials"]] == [title]
    assert "README.txt" in archive.namelist()

    row.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Valid.")
