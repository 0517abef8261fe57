from django.db import connection

from core.redis_pool import redis_client


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:
        return False, exc.__class__.__name__


def check_redis() -> tuple[bool, str]:
    try:
        redis_client().ping()
        return True, "ok"
    except Exception as exc:
        return False, exc.__class__.__name__


def health_report() -> tuple[int, dict]:
    db_ok, db_detail = check_database()
    redis_ok, redis_detail = check_redis()
    healthy = db_ok and redis_ok
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": db_detail,
        "redis": redis_detail,
    }
    return (200 if healthy else 503), body
