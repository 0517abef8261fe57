"""Fixed-window counters in the cache (Redis), namespaced per district by make_key."""

import hashlib

from django.core.cache import cache


def _key(scope: str, subject: str) -> str:
    return f"ratelimit:{scope}:{hashlib.sha256(subject.lower().encode()).hexdigest()}"


def is_limited(scope: str, subject: str, *, limit: int) -> bool:
    return (cache.get(_key(scope, subject)) or 0) >= limit


def hit(scope: str, subject: str, *, window: int) -> int:
    """Count one event; the window starts at the first event."""
    key = _key(scope, subject)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def reset(scope: str, subject: str) -> None:
    cache.delete(_key(scope, subject))
