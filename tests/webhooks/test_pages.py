"""The pages under /integrations/webhooks/: administrators only; the secret is on the page
that answers the create (and the rotation), never on a later visit; refusals appear next
to the field; the endpoint page shows its delivery log at a cost that does not grow."""

import pytest
from django.utils import timezone

from core.roles import Role
from tests.factories import person
from tests.support import assert_queries, get, page_queries, post, signed_in
from webhooks.models import Delivery, Endpoint, Event

pytestmark = pytest.mark.django_db
BASE = "/integrations/webhooks/"


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE])
def test_only_administrators_open_the_webhook_pages(client, role):
    signed_in(client, person(role))
    assert get(client, BASE).status_code == 403
    assert get(client, f"{BASE}new/").status_code == 403


def test_the_secret_shows_on_the_create_answer_only(client, admin, receiver):
    signed_in(client, admin)
    response = post(client, f"{BASE}new/", {"url": receiver.url("ok", "page-1"), "description": "Warehouse"})
    assert response.status_code == 200
    created = Endpoint.objects.get(description="Warehouse")
    html = response.content.decode()
    assert created.secret in html and "Copy the signing secret now" in html
    assert response["Cache-Control"].startswith("max-age=0")
    later = get(client, f"{BASE}{created.pk}/").content.decode()
    assert created.secret not in later and "whsec_" not in later

    rotated = post(client, f"{BASE}{created.pk}/rotate-secret/")
    created.refresh_from_db()
    assert created.secret in rotated.content.decode()


def test_a_private_address_is_refused_next_to_the_url_field(client, admin, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    signed_in(client, admin)
    response = post(client, f"{BASE}new/", {"url": "http://169.254.169.254/latest/"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_url_error"' in html and "public addresses only" in html
    assert not Endpoint.objects.exists()


def test_edit_disables_and_enables_an_endpoint(client, admin):
    created = Endpoint.objects.create(url="https://93.184.215.14/")
    signed_in(client, admin)
    response = post(client, f"{BASE}{created.pk}/edit/", {"url": created.url, "description": "x"})
    assert response.status_code == 302
    created.refresh_from_db()
    assert not created.enabled and created.disabled_reason == "Disabled by an administrator."
    post(client, f"{BASE}{created.pk}/edit/", {"url": created.url, "description": "x", "enabled": "on"})
    created.refresh_from_db()
    assert created.enabled and created.disabled_reason == ""


def test_send_test_and_redeliver_from_the_endpoint_page(
    client, admin, receiver, django_capture_on_commit_callbacks
):
    signed_in(client, admin)
    created = Endpoint.objects.create(url=receiver.url("ok", "page-2"))
    receiver.secrets["/ok/page-2"] = created.secret
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, f"{BASE}{created.pk}/send-test/").status_code == 302
    delivery = Delivery.objects.get(endpoint=created)
    html = get(client, f"{BASE}{created.pk}/").content.decode()
    assert "webhook.test" in html and "Delivered" in html and delivery.event_id in html
    with django_capture_on_commit_callbacks(execute=True):
        post(client, f"{BASE}{created.pk}/deliveries/{delivery.pk}/redeliver/")
    assert len(receiver.at("ok", "page-2")) == 2


@pytest.mark.parametrize("rows", [1, 50])
def test_the_endpoint_page_costs_the_same_with_1_and_50_deliveries(client, admin, rows):
    target = Endpoint.objects.create(url="https://93.184.215.14/")
    events = Event.objects.bulk_create(Event(type="person.created", data={}) for _ in range(rows))
    Delivery.objects.bulk_create(
        Delivery(event=e, endpoint=target, next_attempt_at=timezone.now()) for e in events
    )
    signed_in(client, admin)
    _, captured = page_queries(client, f"{BASE}{target.pk}/", warm=True)
    assert_queries(captured, PAGE_QUERIES, "the delivery log must not query per delivery")


# The host's district (3), session, user, roles, the endpoint, the log's COUNT and page
# (deliveries with their events), and the menu's unread count.
PAGE_QUERIES = 10
