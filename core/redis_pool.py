"""One Redis connection pool per process and Redis URL, shared by the cache, the API's rate
limits and the health check (docs/operations.md, "PgBouncer and persistent connections").

Before, the health check opened a client (and a connection) per `/healthz`, the throttles had
a client of their own, and Django's cache a pool per thread. Connections are opened as
threads need them and kept; a connection idle for `HEALTH_CHECK_SECONDS` is pinged before
use, so a restarted Redis costs a reconnect, not an error. redis-py gives a forked process
(a pre-forking server's worker) pools of its own.
"""

from functools import cache

import redis
from django.conf import settings

CONNECT_TIMEOUT_SECONDS = 1
TIMEOUT_SECONDS = 5
HEALTH_CHECK_SECONDS = 30


@cache
def shared_pool(url: str) -> redis.ConnectionPool:
    return redis.ConnectionPool.from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=TIMEOUT_SECONDS,
        health_check_interval=HEALTH_CHECK_SECONDS,
    )


def redis_client(url: str | None = None) -> redis.Redis:
    """A client on the process's pool for `url` (the project's REDIS_URL by default)."""
    return redis.Redis(connection_pool=shared_pool(url or settings.REDIS_URL))


class SharedConnectionPool(redis.ConnectionPool):
    """Django's Redis cache `pool_class`: the cache's pool is the process's shared pool."""

    @classmethod
    def from_url(cls, url, **options):
        return shared_pool(url)
