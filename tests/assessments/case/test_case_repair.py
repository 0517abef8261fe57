"""`repair` at each door: the import command, the API and the import page. Refused by
default with today's error; with it, each repair is listed to whoever imported."""

import html
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from assessments.models import Framework
from core.roles import Role
from tests.assessments.case.test_case_fidelity import twice_listed
from tests.assessments.frameworks.test_editor_pages import text_of, upload
from tests.factories import person
from tests.support import get, post

pytestmark = pytest.mark.django_db
REPAIRS = [
    "CFAssociations[4]: the same as CFAssociations[2], byte for byte; left out",
    'CFAssociations[16].sequenceNumber: "1" read as the number 1',
    'CFAssociations[32].sequenceNumber: "2" read as the number 2',
]
IDENTIFIER = "20c5134f-423d-4097-a971-3dd5152bf507"


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


def test_command_refuses_then_repairs_listing_each_repair(tmp_path, riverside, capsys):
    source = tmp_path / "published.json"
    source.write_text(json.dumps(twice_listed()))
    connection.set_schema_to_public()
    with pytest.raises(
        CommandError, match=r"CFAssociations\[4\]\.identifier: also used by CFAssociations\[2\]"
    ):
        call_command("import_case", str(source), "--district", "riverside")
    call_command("import_case", str(source), "--district", "riverside", "--repair")
    out = capsys.readouterr().out
    assert [
        line.removeprefix("Repaired ") for line in out.splitlines() if line.startswith("Repaired ")
    ] == REPAIRS
    connection.set_tenant(riverside)
    assert Framework.objects.filter(identifier=IDENTIFIER).exists()


def test_api_refuses_then_repairs_listing_each_repair(admin, api):
    client = api(admin)
    refused = client.post("/api/v1/frameworks/import/", {"package": twice_listed()}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["CFAssociations[16].sequenceNumber"] == [
        "must be a whole number"
    ]
    repaired = client.post(
        "/api/v1/frameworks/import/", {"package": twice_listed(), "repair": True}, format="json"
    )
    assert repaired.status_code == 201 and repaired.json()["repairs"] == REPAIRS
    bare = client.post("/api/v1/frameworks/import/?repair=true", twice_listed(), format="json")
    assert bare.status_code == 200 and bare.json()["repairs"] == REPAIRS


def test_page_refuses_then_repairs_with_the_checkbox_listing_each_repair(client, admin):
    client.force_login(admin)
    page = get(client, "/frameworks/import/")
    assert 'name="repair"' in page.content.decode()
    refused = post(client, "/frameworks/import/", {"file": upload(twice_listed())})
    assert refused.status_code == 200 and "CFAssociations[4].identifier: also used by" in text_of(refused)
    assert not Framework.objects.filter(identifier=IDENTIFIER).exists()
    done = post(client, "/frameworks/import/", {"file": upload(twice_listed()), "repair": "on"})
    assert done.status_code == 302
    shown = html.unescape(text_of(get(client, done["Location"])))
    assert f"Repaired 3 defects: {'; '.join(REPAIRS)}." in shown
