"""A framework imported from a URL remembers it; checking for updates fetches the package
again from a real HTTP server on localhost and shows the diff before applying it."""

import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assessments.models import Framework, Item, Rating, SelfAssessment
from core.models import AuditEvent
from core.roles import Role
from tests.assessments.case.test_case_exchange import golden
from tests.factories import person

pytestmark = pytest.mark.django_db


class Publisher:
    """An HTTP server on 127.0.0.1 serving `package` (which the test may change)."""

    def __init__(self, package):
        self.package = package
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = json.dumps(publisher.package).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/case/package.json"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def publisher():
    served = Publisher(golden("1.1"))
    yield served
    served.close()


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


def test_import_from_a_url_remembers_it(admin, api, publisher):
    response = api(admin).post("/api/v1/frameworks/import-url/", {"url": publisher.url}, format="json")
    assert response.status_code == 201, response.content
    framework = response.json()["framework"]
    assert framework["source_url"] == publisher.url and framework["indicator_count"] == 24
    assert AuditEvent.objects.filter(action="framework.source_set", actor=admin).exists()


def test_check_for_updates_shows_the_diff_then_applies_it_in_place(admin, api, publisher):
    client = api(admin)
    framework_id = client.post(
        "/api/v1/frameworks/import-url/", {"url": publisher.url}, format="json"
    ).json()["framework"]["id"]
    unchanged = client.get(f"/api/v1/frameworks/{framework_id}/updates/")
    assert unchanged.status_code == 200 and unchanged.json()["unchanged"] is True

    # Someone rated an indicator the publisher is about to remove.
    changed = copy.deepcopy(publisher.package)
    leaves = [i for i in changed["CFItems"] if not any(
        a["destinationNodeURI"]["identifier"] == i["identifier"] and a["associationType"] == "isChildOf"
        for a in changed["CFAssociations"]
    )]  # fmt: skip
    gone = leaves[-1]
    gone_item = Item.objects.get(identifier=gone["identifier"])
    assessment = SelfAssessment.objects.create(person=person(Role.TEACHER), framework_id=framework_id)
    Rating.objects.create(
        self_assessment=assessment,
        indicator=gone_item,
        level=gone_item.framework.levels.order_by("position").first(),
    )
    changed["CFItems"] = [i for i in changed["CFItems"] if i["identifier"] != gone["identifier"]]
    changed["CFAssociations"] = [
        a for a in changed["CFAssociations"]
        if gone["identifier"] not in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
    ]  # fmt: skip
    reworded = changed["CFItems"][0]
    reworded["fullStatement"] = "Reworded upstream."
    new = copy.deepcopy(leaves[0])
    new.update(identifier="11111111-2222-4333-8444-555555555555", fullStatement="A new indicator.")
    new["uri"] = new["uri"].rsplit("/", 1)[0] + "/" + new["identifier"]
    new["humanCodingScheme"] = "NEW.1"
    changed["CFItems"].append(new)
    publisher.package = changed

    check = client.get(f"/api/v1/frameworks/{framework_id}/updates/")
    assert check.status_code == 200, check.content
    diff = check.json()
    assert [a["identifier"] for a in diff["added"]] == [new["identifier"]]
    assert [c["identifier"] for c in diff["changed"]] == [reworded["identifier"]]
    assert diff["changed"][0]["fields"] == {
        "statement": {
            "from": Item.objects.get(identifier=reworded["identifier"]).statement,
            "to": "Reworded upstream.",
        }
    }
    assert [(r["identifier"], r["ratings"]) for r in diff["removed"]] == [(gone["identifier"], 1)]
    assert diff["ratings_on_removed"] == 1 and diff["unchanged"] is False
    assert Item.objects.get(identifier=reworded["identifier"]).statement != "Reworded upstream.", (
        "nothing written"
    )

    applied = client.post(f"/api/v1/frameworks/{framework_id}/updates/")
    assert applied.status_code == 200, applied.content
    assert applied.json()["added"] == diff["added"] and "counts" in applied.json()
    assert Item.objects.get(identifier=reworded["identifier"]).statement == "Reworded upstream."
    assert Item.objects.get(identifier=gone["identifier"]).is_retired, "retired, not deleted"
    assert Rating.objects.filter(indicator__identifier=gone["identifier"]).count() == 1
    assert Item.objects.filter(identifier=new["identifier"], framework_id=framework_id).exists()
    assert Framework.objects.filter(pk=framework_id).count() == 1
    assert AuditEvent.objects.filter(action="framework.reimported").count() == 1
    assert client.get(f"/api/v1/frameworks/{framework_id}/updates/").json()["unchanged"] is True


def test_a_framework_not_from_a_url_cannot_be_checked(admin, api):
    framework = Framework.objects.create(title="Local", audience="leaders")
    response = api(admin).get(f"/api/v1/frameworks/{framework.pk}/updates/")
    assert response.status_code == 400 and "source_url" in response.json()["error"]["fields"]


def test_private_addresses_are_refused_outside_tests(admin, api, settings, publisher):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    response = api(admin).post("/api/v1/frameworks/import-url/", {"url": publisher.url}, format="json")
    assert response.status_code == 400
    assert "loopback" in response.json()["error"]["fields"]["url"][0]
    for url in ("file:///etc/passwd", "ftp://example.org/x.json"):
        refused = api(admin).post("/api/v1/frameworks/import-url/", {"url": url}, format="json")
        assert refused.status_code == 400 and "url" in refused.json()["error"]["fields"]


def test_a_package_that_became_another_framework_is_refused(admin, api, publisher):
    client = api(admin)
    framework_id = client.post(
        "/api/v1/frameworks/import-url/", {"url": publisher.url}, format="json"
    ).json()["framework"]["id"]
    old = publisher.package["CFDocument"]["identifier"]
    publisher.package = json.loads(
        json.dumps(publisher.package).replace(old, "99999999-2222-4333-8444-555555555555")
    )
    response = client.get(f"/api/v1/frameworks/{framework_id}/updates/")
    assert response.status_code == 400 and "source_url" in response.json()["error"]["fields"]


def test_only_admins_check_and_other_districts_cannot_reach_it(admin, api, publisher, lakeview, in_district):
    framework_id = (
        api(admin)
        .post("/api/v1/frameworks/import-url/", {"url": publisher.url}, format="json")
        .json()["framework"]["id"]
    )
    Framework.objects.filter(pk=framework_id).update(adoption_status="adopted")
    assert (
        api(person(Role.CENTRAL_OFFICE)).get(f"/api/v1/frameworks/{framework_id}/updates/").status_code == 403
    )
    with in_district(lakeview):
        lakeview_admin = person(Role.DISTRICT_ADMIN)
    other = api(lakeview_admin, district=lakeview).get(f"/api/v1/frameworks/{framework_id}/updates/")
    assert other.status_code == 404


def test_a_published_package_with_known_defects_imports_and_updates_from_its_url_with_repair(admin, api):
    from tests.assessments.case.test_case_fidelity import twice_listed
    from tests.assessments.case.test_case_repair import REPAIRS

    served = Publisher(twice_listed())
    try:
        client = api(admin)
        refused = client.post("/api/v1/frameworks/import-url/", {"url": served.url}, format="json")
        assert refused.status_code == 400
        assert "CFAssociations[16].sequenceNumber" in refused.json()["error"]["fields"]
        imported = client.post(
            "/api/v1/frameworks/import-url/", {"url": served.url, "repair": True}, format="json"
        )
        assert imported.status_code == 201, imported.content
        assert imported.json()["repairs"] == REPAIRS
        framework_id = imported.json()["framework"]["id"]

        served.package["CFItems"][0]["fullStatement"] = "Reworded upstream."
        updates = f"/api/v1/frameworks/{framework_id}/updates/"
        assert client.get(updates).status_code == 400, "the same defects are refused without repair"
        check = client.get(updates, {"repair": "true"})
        assert check.status_code == 200, check.content
        assert check.json()["repairs"] == REPAIRS and len(check.json()["changed"]) == 1
        applied = client.post(updates, {"repair": True}, format="json")
        assert applied.status_code == 200, applied.content
        assert applied.json()["repairs"] == REPAIRS
        identifier = served.package["CFItems"][0]["identifier"]
        assert Item.objects.get(identifier=identifier).statement == "Reworded upstream."
        assert client.get(updates, {"repair": "true"}).json()["unchanged"] is True
    finally:
        served.close()
