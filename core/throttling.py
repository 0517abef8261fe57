"""API rate limits: fixed-window counters in Redis, counted atomically (docs/security/throttling.md).

DRF's own cache throttles read a list, append and write it back: under concurrency requests
overwrite each other's counts (681 of 1,000 passed a 600/minute limit with 16 threads). Here
each request is one `INCR` (with the window's expiry set by the same Lua script), so exactly
the limit passes however many threads race.

Two counters per district:

- per client address, for requests that are not (yet) authenticated. `AddressGate` is the
  first authentication class: it counts the request *before* any credential is checked, so a
  bad token, an expired client token or a stale session is counted and stopped like an
  anonymous request. A request that then authenticates gives its slot back
  (`ThrottleSettlementMiddleware`), so people behind one school address do not share it;
- per person (or integration client's service user), `DistrictRateThrottle`.

The limits are the district's (`District.api_rate_user`, `.api_rate_anon`, set by platform
operators in the admin) or else `API_RATE_USER` / `API_RATE_ANON`. All Redis access is in
`_hit` and `_refund`, so that what happens when Redis is down is decided in one place.
"""

from functools import wraps

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from rest_framework import authentication, exceptions, throttling

from core.clients import client_address, client_network
from core.redis_pool import redis_client

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
RESERVATION = "_lodestar_address_slot"

_HIT = """
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""
_REFUND = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0
"""


def parse_rate(rate: str) -> tuple[int, int]:
    """ "600/minute" -> (600, 60): requests allowed, and the window in seconds."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip().rstrip("s")]


def _key(scope: str, ident: str) -> str:
    return f"{settings.REDIS_KEY_PREFIX}:throttle:{connection.schema_name}:{scope}:{ident}"


def _hit(key: str, window: int) -> tuple[int, int]:
    count, ttl = redis_client().eval(_HIT, 1, key, window)
    return int(count), max(int(ttl), 1)


def _refund(key: str) -> None:
    redis_client().eval(_REFUND, 1, key)


def rate_for(kind: str) -> tuple[int, int]:
    """The district's own limit per minute for `kind` ("user" or "anon"), else the setting."""
    own = getattr(connection.tenant, f"api_rate_{kind}", None)
    if own:
        return own, 60
    return parse_rate(settings.API_RATE_USER if kind == "user" else settings.API_RATE_ANON)


def address_reserve(request) -> None:
    """Count one unauthenticated request from the request's address (once per request);
    raise `Throttled` once the address is over the district's anonymous limit."""
    if hasattr(request, RESERVATION):
        return
    limit, window = rate_for("anon")
    key = _key("address", client_network(client_address(request.META)))
    count, ttl = _hit(key, window)
    setattr(request, RESERVATION, key)
    if count > limit:
        raise exceptions.Throttled(wait=ttl)


def address_settle(request) -> None:
    """Give the address its slot back when the request turned out to be authenticated.
    Only reads `request.user` once DRF has set it (a concrete user), never a lazy one."""
    key = request.__dict__.pop(RESERVATION, None)
    if key is None:
        return
    user = request.__dict__.get("user")
    if user is not None and getattr(user, "is_authenticated", False) is True:
        _refund(key)


class AddressGate(authentication.BaseAuthentication):
    """First of the API's authentication classes: counts the request against its address
    before any credential is looked at, then lets the real authenticators decide."""

    def authenticate(self, request):
        address_reserve(request._request)
        return None

    def authenticate_header(self, request):
        # DRF takes the first class's header for 401s: the API's own.
        return 'Bearer realm="api"'


class DistrictRateThrottle(throttling.BaseThrottle):
    """Authenticated requests against the person's limit; others were counted by the gate
    (or here, on a view whose authentication classes leave the gate out)."""

    def allow_request(self, request, view):
        self._wait = 0
        if not request.user.is_authenticated:
            try:
                address_reserve(request._request)
            except exceptions.Throttled as refused:
                self._wait = refused.wait
                return False
            return True
        limit, window = rate_for("user")
        count, self._wait = _hit(_key("user", str(request.user.pk)), window)
        return count <= limit

    def wait(self):
        return self._wait


def too_many(wait: int) -> JsonResponse:
    from core.exceptions import error_body  # imports DRF's views, which import this module

    message = f"Request was throttled. Expected available in {wait} seconds."
    response = JsonResponse(error_body("throttled", message), status=429)
    response["Retry-After"] = str(wait)
    return response


def address_limited(scope: str):
    """A plain Django view counted per client address at the district's anonymous limit
    (the OAuth token endpoint: every attempt counts, right or wrong)."""

    def decorate(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            limit, window = rate_for("anon")
            count, ttl = _hit(_key(scope, client_network(client_address(request.META))), window)
            if count > limit:
                return too_many(ttl)
            return view(request, *args, **kwargs)

        return limited

    return decorate


class ThrottleSettlementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        address_settle(request)
        return response
