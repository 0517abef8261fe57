"""The API's rate limits under attack: 16 threads racing against real Redis, bad credentials
counted per address before authentication, the district's own limits, the token endpoint.

The racing requests come from threads, each with its own database connection, so their set-up
data is committed: in hillcrest (the browser tests' district, where names are unique per test).
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django_tenants.utils import tenant_context

from core.roles import Role
from district.models import District
from tests.factories import person, token_for

pytestmark = pytest.mark.django_db
THREADS = 16


def _address() -> str:
    """An address of its own per test: Redis keeps counters across the tests' rollbacks."""
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def _race(host, requests, *, address, token=None, path="/api/v1/me/") -> list[int]:
    """Status codes of `requests` GETs from THREADS threads at once, each on its own connection."""
    start = threading.Barrier(THREADS)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def worker(count):
        client = Client(HTTP_HOST=host, REMOTE_ADDR=address)
        start.wait()
        try:
            return [client.get(path, **headers).status_code for _ in range(count)]
        finally:
            connections.close_all()

    shares = [requests // THREADS + (i < requests % THREADS) for i in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        return [code for codes in pool.map(worker, shares) for code in codes]


@pytest.fixture
def hillcrest_token(django_db_blocker):
    """A committed teacher and token in hillcrest, for threads that cannot see the test's transaction."""
    result = {}

    def make():
        with tenant_context(District.objects.get(schema_name="hillcrest")):
            user = person(Role.TEACHER, email=f"racer-{uuid.uuid4().hex[:10]}@hillcrest.example.org")
            result["token"] = token_for(user)
        connections.close_all()

    thread = threading.Thread(target=make)
    thread.start()
    thread.join()
    return result["token"]


def test_exactly_the_person_limit_passes_under_sixteen_threads(settings, hillcrest_token):
    settings.API_RATE_USER = "40/minute"
    codes = _race("hillcrest.localhost", 100, address=_address(), token=hillcrest_token)
    assert codes.count(200) == 40 and codes.count(429) == 60, sorted(codes)


def test_bad_tokens_are_limited_per_address_before_authentication_under_sixteen_threads(settings):
    settings.API_RATE_ANON = "30/minute"
    codes = _race("hillcrest.localhost", 80, address=_address(), token="lds_not-a-real-token")
    assert codes.count(401) == 30 and codes.count(429) == 50, sorted(codes)


def test_anonymous_requests_are_limited_per_address_with_the_json_error_and_retry_after(api, settings):
    settings.API_RATE_ANON = "3/minute"
    client = api()
    client.defaults["REMOTE_ADDR"] = _address()
    assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [401, 401, 401]
    refused = client.get("/api/v1/me/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["error"]["code"] == "throttled"


@pytest.mark.parametrize(
    "credentials",
    [
        {"HTTP_AUTHORIZATION": "Bearer lds_guessed"},
        {"HTTP_AUTHORIZATION": "Bearer ldc_expired-or-guessed"},
        {"HTTP_COOKIE": "sessionid=stale-session"},
    ],
    ids=["personal-token", "client-token", "session"],
)
def test_failed_authentication_counts_against_the_address(api, settings, credentials):
    settings.API_RATE_ANON = "2/minute"
    client = api()
    address = _address()
    codes = [client.get("/api/v1/me/", REMOTE_ADDR=address, **credentials).status_code for _ in range(3)]
    assert codes[:2] in ([401, 401], [403, 403]) and codes[2] == 429, codes


def test_a_valid_token_gives_its_address_slot_back(api, settings):
    """People behind one school address do not share the anonymous allowance."""
    settings.API_RATE_ANON = "2/minute"
    address = _address()
    signed_in = api(person(Role.TEACHER))
    assert [signed_in.get("/api/v1/me/", REMOTE_ADDR=address).status_code for _ in range(5)] == [200] * 5
    assert [api().get("/api/v1/me/", REMOTE_ADDR=address).status_code for _ in range(3)] == [401, 401, 429]


def test_the_districts_own_limit_wins_over_the_default(api, riverside, settings):
    settings.API_RATE_USER = "100/minute"
    District.objects.filter(pk=riverside.pk).update(api_rate_user=2)
    busy = api(person(Role.TEACHER))
    assert [busy.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]


def test_the_token_endpoint_is_limited_per_address(api, settings):
    settings.API_RATE_ANON = "2/minute"
    client = api()
    address = _address()
    data = {"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "guess"}
    codes = [client.post("/oauth/token/", data, REMOTE_ADDR=address).status_code for _ in range(3)]
    assert codes == [401, 401, 429], codes
    refused = client.post("/oauth/token/", data, REMOTE_ADDR=address)
    assert refused.json()["error"]["code"] == "throttled" and int(refused["Retry-After"]) > 0
