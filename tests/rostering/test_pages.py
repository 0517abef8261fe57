"""The roster pages: upload, the dry run with counts and rows (polled while it runs),
apply; the role mapping; the provider; the sample bundle."""

import pytest
from django.test import Client

from accounts.models import User
from core.roles import Role
from rostering.models import RoleMapping, RosterImport, RosterProvider
from rostering.services import roster_sample_store
from tests.factories import person
from tests.rostering.bundles import bundle11, bundle12
from tests.support import get, post, signed_in

pytestmark = pytest.mark.django_db
HOME = "/integrations/roster/"


@pytest.fixture
def browser(admin):
    return signed_in(Client(), admin)


def test_upload_shows_the_dry_run_and_apply_writes_it(browser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(browser, HOME, {"file": bundle12(staff=2).as_upload()})
    assert response.status_code == 302
    detail = response["Location"]
    page = get(browser, detail).content.decode()
    assert "Dry run ready" in page
    assert "What would change" in page
    assert "Given1 Family1" in page and "Teacher at Roster School 1" in page
    assert "2 student" in page  # skipped, counted
    assert "Apply this import" in page
    assert not User.objects.filter(sourced_id="u-1").exists()

    roster_import = RosterImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        applied = post(browser, f"{HOME}imports/{roster_import.pk}/apply/")
    assert applied.status_code == 302
    page = get(browser, detail).content.decode()
    assert "Applied" in page and "What changed" in page and "Apply this import" not in page
    assert User.objects.filter(sourced_id="u-1").exists()


def test_a_refused_bundle_shows_every_error(browser, django_capture_on_commit_callbacks):
    bundle = bundle11()
    bundle.users[0]["enabledUser"] = "maybe"
    with django_capture_on_commit_callbacks(execute=True):
        response = post(browser, HOME, {"file": bundle.as_upload()})
    page = get(browser, response["Location"]).content.decode()
    assert "Refused: 1 error" in page
    assert "users.csv:2: enabledUser: must be true or false, not &#x27;maybe&#x27;." in page
    assert "Apply this import" not in page


def test_a_running_import_is_polled_with_its_progress(browser, admin):
    running = RosterImport.objects.create(status="running", created_by=admin)
    from rostering.progress import progress_set

    progress_set(running.pk, "people", 30)
    page = get(browser, f"{HOME}imports/{running.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="30"' in page and "People" in page
    partial = get(browser, f"{HOME}imports/{running.pk}/", **{"HX-Request": "true"}).content.decode()
    assert partial.startswith('<section id="import-body"') and "<html" not in partial
    running.status = "planned"
    running.save()
    assert 'hx-trigger="every 1s"' not in get(browser, f"{HOME}imports/{running.pk}/").content.decode()


def test_not_a_zip_is_refused_on_the_form(browser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = post(browser, HOME, {"file": SimpleUploadedFile("roster.zip", b"hello")})
    assert response.status_code == 400
    assert "This is not a zip file." in response.content.decode()
    assert not RosterImport.objects.exists()


def test_role_mapping_page_saves_and_refuses_nonsense(browser):
    page = get(browser, f"{HOME}mapping/").content.decode()
    assert "districtAdministrator" in page
    data = {f"{m.oneroster_role}-at_school": m.at_school for m in RoleMapping.objects.all()}
    data.update({f"{m.oneroster_role}-at_district": m.at_district for m in RoleMapping.objects.all()})
    data["counselor-at_school"] = "coach"
    assert post(browser, f"{HOME}mapping/", data).status_code == 302
    assert RoleMapping.objects.get(oneroster_role="counselor").at_school == "coach"
    data["counselor-at_school"] = "district_admin"
    assert post(browser, f"{HOME}mapping/", data).status_code == 400


def test_provider_page_keeps_the_secret_hidden(browser):
    data = {
        "enabled": "on",
        "version": "1.2",
        "base_url": "https://sis.example.org",
        "token_url": "https://sis.example.org/token",
        "client_id": "lodestar",
        "client_secret": "hidden-value",
    }
    assert post(browser, f"{HOME}provider/", data).status_code == 302
    page = get(browser, f"{HOME}provider/").content.decode()
    assert "hidden-value" not in page and "A client secret is saved." in page
    assert RosterProvider.objects.get().client_secret == "hidden-value"


def test_sample_bundle_downloads_when_the_district_has_one(browser):
    assert get(browser, f"{HOME}sample.zip").status_code == 404
    roster_sample_store(content=bundle12().zip())
    assert "Download a sample OneRoster 1.2 bundle" in get(browser, HOME).content.decode()
    response = get(browser, f"{HOME}sample.zip")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"PK")


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE])
def test_pages_are_for_district_administrators_only(role):
    client = signed_in(Client(), person(role))
    for path in (HOME, f"{HOME}mapping/", f"{HOME}provider/", f"{HOME}sample.zip"):
        assert get(client, path).status_code == 403
