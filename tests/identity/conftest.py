"""The local OpenID Connect provider (tests/identity/oidc_server.py), started once per
session, reset before each test; and riverside's provider row pointing at it."""

from urllib.parse import urlsplit

import pytest
import requests

from tests.identity.oidc_server import CLIENT_ID, CLIENT_SECRET, start
from tests.support import HOST, get, post

DOMAIN = "riverside.example.org"


@pytest.fixture(autouse=True)
def _loopback_issuer_allowed(settings):
    """The test provider runs on 127.0.0.1 over plain HTTP, as a developer's would."""
    settings.SSO_ALLOW_LOOPBACK_ISSUER = True


@pytest.fixture(scope="session")
def oidc_server():
    provider, httpd = start()
    yield provider
    httpd.shutdown()


@pytest.fixture
def oidc(oidc_server):
    oidc_server.reset()
    return oidc_server


@pytest.fixture
def idp(oidc):
    """Riverside's identity provider: the local one, allowed to vouch for riverside.example.org."""
    from identity.providers.services import identity_provider_create

    return identity_provider_create(
        actor=None,
        kind="oidc",
        name="Riverside Login",
        issuer=oidc.base_url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        allowed_domains=[DOMAIN],
        sourced_id_claim="sourced_id",
    )


def sign_in_through(client, oidc, slug, *, next_url=""):
    """Press the provider's button on riverside's sign-in page, let the provider approve (a
    real HTTP request to it), and come back to riverside's callback. Returns the callback's
    response (a redirect home on success, the refusal page otherwise)."""
    start_response = post(client, f"/accounts/oidc/{slug}/login/", {"next": next_url} if next_url else {})
    assert start_response.status_code == 302, start_response.content[:500]
    authorize = start_response["Location"]
    assert authorize.startswith(oidc.base_url), authorize
    approved = requests.get(authorize, allow_redirects=False, timeout=5)
    assert approved.status_code == 302, approved.text
    callback = urlsplit(approved.headers["Location"])
    assert callback.netloc == HOST, callback
    return get(client, f"{callback.path}?{callback.query}")
