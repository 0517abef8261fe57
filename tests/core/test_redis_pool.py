"""The process talks to Redis over one pool: the health check, the API's rate limits and the
cache open no connection per request (core/redis_pool.py)."""

import pytest
import redis.connection
from django.conf import settings
from django.core.cache import cache

from core.redis_pool import shared_pool
from core.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def connections_opened(monkeypatch):
    """How many Redis connections this process opens (real connections, counted on the way)."""
    opened = []
    connect = redis.connection.Connection._connect

    def counted(self):
        opened.append(self)
        return connect(self)

    monkeypatch.setattr(redis.connection.Connection, "_connect", counted)
    return opened


def test_health_checks_and_throttled_requests_open_no_new_connections(client, api, connections_opened):
    teacher = api(person(Role.TEACHER))
    anonymous = api()

    def a_round():
        assert client.get("/healthz", HTTP_HOST="riverside.localhost").status_code == 200
        assert teacher.get("/api/v1/me/").status_code == 200  # counted per person
        assert anonymous.get("/api/v1/me/").status_code == 401  # counted per address
        cache.set("pool-probe", 1)

    a_round()  # the pool's first connection may open here
    before = len(connections_opened)
    for _ in range(40):
        a_round()
    assert len(connections_opened) == before, "requests opened Redis connections of their own"


def test_the_cache_uses_the_shared_pool():
    cache.set("pool-probe", 1)
    assert cache._cache._get_connection_pool(write=True) is shared_pool(settings.REDIS_URL)
