"""How far a running import is, kept in the district's cache (keys through django-tenants'
make_key) so the page can show it while the import's transaction is still open."""

from django.core.cache import cache

TTL = 60 * 60


def _key(import_id: int) -> str:
    return f"roster-import:{import_id}:progress"


def progress_set(import_id: int, stage: str, percent: int) -> None:
    cache.set(_key(import_id), {"stage": stage, "percent": percent}, TTL)


def progress_get(import_id: int) -> dict:
    return cache.get(_key(import_id)) or {"stage": "", "percent": 0}
