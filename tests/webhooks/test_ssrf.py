"""Outbound requests cannot be turned against the platform: URLs that resolve to private,
loopback, link-local, multicast or reserved addresses are refused when saved and again
when sent, and only http(s) is spoken. WEBHOOKS_ALLOW_PRIVATE_URLS (development, and the
rest of these tests) lifts the address rule; here it is off."""

import pytest

from webhooks import services
from webhooks.models import Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    return settings


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.10/hook",
        "http://172.16.0.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[fe80::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
        "http://240.0.0.1/hook",
        "http://100.64.0.1/hook",
    ],
)
def test_private_loopback_link_local_and_reserved_addresses_are_refused(strict, admin, api, url):
    response = api(admin).post("/api/v1/webhook-endpoints/", {"url": url}, format="json")
    assert response.status_code == 400, response.content
    assert "url" in response.json()["error"]["fields"]


@pytest.mark.parametrize("url", ["ftp://hooks.example.org/x", "file:///etc/passwd", "gopher://example.org/"])
def test_only_http_and_https_are_spoken(admin, api, url):
    response = api(admin).post("/api/v1/webhook-endpoints/", {"url": url}, format="json")
    assert response.status_code == 400 and "url" in response.json()["error"]["fields"]


def test_credentials_in_the_url_are_refused(admin):
    with pytest.raises(Exception, match="user name or password"):
        services.endpoint_create(actor=admin, url="https://user:pw@hooks.example.org/")


def test_a_public_address_is_accepted(strict, admin):
    created = services.endpoint_create(actor=admin, url="https://93.184.215.14/hooks")
    assert created.pk


def test_changing_the_url_to_a_private_address_is_refused(strict, admin, api):
    created = services.endpoint_create(actor=admin, url="https://93.184.215.14/hooks")
    response = api(admin).patch(
        f"/api/v1/webhook-endpoints/{created.pk}/", {"url": "http://10.1.2.3/"}, format="json"
    )
    assert response.status_code == 400 and "url" in response.json()["error"]["fields"]


def test_a_host_that_now_resolves_to_a_private_address_is_refused_when_sending(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    target = endpoint("ok")  # saved while private addresses were allowed (a re-pointed name)
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_emit(type="person.created", data={"person": 1})
    delivery = Delivery.objects.get(event=event)
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code is None
    assert "127.0.0.1" in delivery.last_error and "public addresses only" in delivery.last_error
    assert receiver.at(*target.receiver_path) == [], "no request left Lodestar"
