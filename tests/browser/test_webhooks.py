"""Webhook endpoints in the browser: a district administrator adds one, copies its secret
(shown once), sends a test event to a real receiver and sees the delivery in the log."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.webhooks.receiver import start_receiver


@pytest.fixture(scope="module")
def receiver():
    running = start_receiver()
    yield running
    running.server.shutdown()


def test_add_an_endpoint_see_its_secret_once_send_a_test_and_see_it_delivered(admin_page, receiver):
    page = admin_page
    name = f"browser-{uuid.uuid4().hex[:8]}"
    page.goto("/integrations/webhooks/")
    page.get_by_role("button", name="Add an endpoint").click()
    page.get_by_label("URL").fill(receiver.url("ok", name))
    page.get_by_label("Description").fill("Our data warehouse")
    page.get_by_role("checkbox", name=re.compile(r"^person\.created")).check()
    page.get_by_role("button", name="Add endpoint").click()

    secret = page.get_by_test_id("webhook-secret")
    expect(secret).to_have_text(re.compile(r"^whsec_\S{40,}$"))
    receiver.secrets[f"/ok/{name}"] = secret.inner_text()

    page.get_by_role("button", name="Send test event").click()
    expect(page.get_by_role("status")).to_contain_text("Test event sent")
    row = page.get_by_test_id("delivery").first
    expect(row).to_contain_text("webhook.test")
    expect(row).to_contain_text("Delivered")
    expect(row).to_contain_text("HTTP 204")
    [got] = receiver.at("ok", name)
    assert got.payload is not None and got.payload["type"] == "webhook.test"

    page.reload()
    expect(page.get_by_test_id("webhook-secret")).to_have_count(0)
    expect(page.get_by_text("whsec_")).to_have_count(0)

    page.get_by_role("button", name=re.compile(r"^Redeliver")).first.click()
    expect(page.get_by_role("status")).to_contain_text("Redelivered")
    assert [r.headers["webhook-id"] for r in receiver.at("ok", name)] == [got.headers["webhook-id"]] * 2

    page.goto("/integrations/webhooks/")
    expect(page.get_by_role("row").filter(has_text=name)).to_contain_text("enabled")
