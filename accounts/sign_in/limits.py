"""Fixed-window counters in PostgreSQL (accounts.SignInCounter), one atomic statement each."""

import datetime

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from accounts.models import SignInCounter

TABLE = SignInCounter._meta.db_table


def counters_hit(keys: list[str], *, window: int) -> dict[str, int]:
    """Add one to each counter and return the counts after this hit, in one statement.

    INSERT ... ON CONFLICT DO UPDATE locks each row it increments until its transaction ends,
    so concurrent requests queue on the row and each reads back a different count: of thirty
    parallel hits on a limit of ten, exactly ten see a count within it. A window that has run
    out starts again at this hit. Keys are taken in sorted order so that two requests with
    overlapping keys lock them in the same order (no deadlock)."""
    keys = sorted(set(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {TABLE} AS c (key, window_started_at, count)
            SELECT k, statement_timestamp(), 1 FROM unnest(%s::text[]) AS k ORDER BY k
            ON CONFLICT (key) DO UPDATE SET
                count = CASE WHEN c.window_started_at <= statement_timestamp() - make_interval(secs => %s)
                             THEN 1 ELSE c.count + 1 END,
                window_started_at = CASE
                    WHEN c.window_started_at <= statement_timestamp() - make_interval(secs => %s)
                    THEN statement_timestamp() ELSE c.window_started_at END
            RETURNING key, count
            """,
            [keys, window, window],
        )
        return dict(cursor.fetchall())


def counters_give_back(keys: list[str], *, hits: int) -> None:
    """Take back hits that turned out to be successes (never below zero)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET count = greatest(count - %s, 0) WHERE key = ANY(%s::text[])",
            [hits, sorted(keys)],
        )


def counters_clear(*, keys: list[str], prefix: str = "") -> None:
    """Delete the named counters, and those whose key starts with `prefix`."""
    match = Q(key__in=keys)
    if prefix:
        match |= Q(key__startswith=prefix)
    SignInCounter.objects.filter(match).delete()


def counters_purge(*, older_than: int) -> int:
    """Delete counters whose window started more than `older_than` seconds ago: they count
    nothing any more (their next hit would start a new window)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than)
    deleted, _ = SignInCounter.objects.filter(window_started_at__lt=cutoff).delete()
    return deleted
