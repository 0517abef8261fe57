"""The Open Badges API from a wallet's side, whole: it registers itself, sends the teacher to
the district's consent page (a real browser: she signs in and allows it), takes the code at its
own callback (a real HTTP server on the loopback address), exchanges it with its PKCE
verifier, pulls her credentials page by page and her profile (each answer valid against
1EdTech's official schemas); then she revokes the app on Connected apps and its token stops."""

import json
import os
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, PHONE, SHOTS_DIR, fits_across, path_is
from tests.integrations.openbadges.client import Wallet, metadata
from tests.integrations.openbadges.standards import assert_valid


class Callback(BaseHTTPRequestHandler):
    """The wallet's redirection endpoint: remembers each query string it receives."""

    received: list[dict]

    def do_GET(self):
        if urlsplit(self.path).path == "/callback":  # not the browser's /favicon.ico
            self.received.append(parse_qs(urlsplit(self.path).query))
        body = b"<!doctype html><title>Wallet</title><p>Connected.</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def callback_server():
    received: list[dict] = []
    handler = type("WalletCallback", (Callback,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/callback", received
    server.shutdown()
    server.server_close()


class Http:
    """Real HTTP to the live server; the test process cannot resolve *.localhost, so it
    connects to the loopback address and names the district in the Host header."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host = parts.netloc
        self.origin = f"http://127.0.0.1:{parts.port}"

    def send(self, method, path, *, body=None, headers=None):
        request = urllib.request.Request(
            self.origin + path, data=body, method=method, headers={"Host": self.host, **(headers or {})}
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, dict(response.headers), json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), json.loads(error.read() or b"null")


def next_page(link_header: str) -> str | None:
    """The path and query of the Link header's rel="next", if any."""
    for link in link_header.split(", "):
        target, rel = link.split("; ")
        if rel == 'rel="next"':
            parts = urlsplit(target.strip("<>"))
            return f"{parts.path}?{parts.query}"
    return None


def earn(district, teacher, n):
    from tests.pathways.factories import earned_credential

    with tenant_context(district.district):
        return [earned_credential(teacher) for _ in range(n)]


def test_a_wallet_gets_the_teachers_consent_and_pulls_her_credentials(page, district, callback_server):
    redirect_uri, received = callback_server
    teacher = district.person("teacher", first_name="Willa")
    earn(district, teacher, 3)
    http = Http(district.base_url)

    status, headers, answer = http.send(
        "POST",
        "/oauth/register/",
        body=json.dumps(metadata(redirect_uri)).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 201, answer
    wallet = Wallet.from_registration(answer)

    page.goto(wallet.authorization_path())
    expect(page).to_have_url(path_is("/accounts/login/"))
    page.get_by_label("Email").fill(teacher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Allow “Backpack Wallet” to read your Open Badges?"
    )
    scopes = page.get_by_test_id("consent-scopes").get_by_role("listitem")
    expect(scopes).to_have_count(2)
    expect(scopes.first).to_contain_text("Read the credentials you earned here")
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, "open-badges-consent.png"), full_page=True)
    page.get_by_role("button", name="Allow").click()

    expect(page.get_by_text("Connected.")).to_be_visible()
    (query,) = received
    assert query["state"] == [wallet.state]
    body, token_headers = wallet.token_request(query["code"][0])
    token_headers["Content-Type"] = "application/x-www-form-urlencoded"
    status, _, tokens = http.send(
        "POST", "/oauth/token/", body=urlencode(body).encode(), headers=token_headers
    )
    assert status == 200, tokens
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}

    pulled = []
    path = "/ims/ob/v3p0/credentials?limit=2"
    while path:
        status, headers, page_body = http.send("GET", path, headers=bearer)
        assert status == 200, page_body
        assert_valid(page_body, "getopenbadgecredentialsresponse.json")
        assert headers["X-Total-Count"] == "3"
        pulled += page_body["compactJwsString"]
        following = [link for link in headers["Link"].split(", ") if link.endswith('rel="next"')]
        path = (
            urlsplit(following[0].split(";")[0].strip("<>")).path
            + "?"
            + urlsplit(following[0].split(";")[0].strip("<>")).query
            if following
            else None
        )
    assert len(pulled) == 3 and len(set(pulled)) == 3

    status, _, profile = http.send("GET", "/ims/ob/v3p0/profile", headers=bearer)
    assert status == 200, profile
    assert_valid(profile, "profile.json")
    assert profile["givenName"] == "Willa"

    page.set_viewport_size(PHONE)
    page.goto("/my/connected-apps/")
    row = page.get_by_role("row").filter(has_text="Backpack Wallet")
    expect(row).to_contain_text("your credentials, your profile")
    revoke = row.get_by_role("button", name="Revoke Backpack Wallet")
    assert fits_across(revoke, PHONE), "on a phone the row is a card: its Revoke button is on screen"
    revoke.click()
    expect(
        page.get_by_text("“Backpack Wallet” can no longer read your credentials or profile.")
    ).to_be_visible()
    expect(page.get_by_text("No app can read your credentials.")).to_be_visible()
    status, _, refusal = http.send("GET", "/ims/ob/v3p0/profile", headers=bearer)
    assert status == 401
    assert_valid(refusal, "imsx_statusinfo.json")


def test_the_consent_page_explains_a_request_it_cannot_accept(page, district, sign_in_as):
    sign_in_as(district.person("teacher"))
    page.goto("/oauth/authorize/?response_type=code&client_id=nobody-registered-this")
    expect(page.get_by_role("heading", level=1)).to_have_text("This request cannot be accepted")
    expect(page.get_by_role("alert")).not_to_be_empty()
