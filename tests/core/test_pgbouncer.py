"""Lodestar behind PgBouncer in transaction mode never answers a district with another's rows.

A real PgBouncer (Debian's package, `make pgbouncer`) is started on a free localhost port in
front of the test database with ONE server connection, so every client's transactions share
it: whatever one transaction leaves on the server connection, the next one meets. Each
district's `django_migrations` table gets a row naming its schema (committed, removed at the
end), so a read shows which schema the path pointed at.

The leak classes django-tenants users report: a tenant's rows written into another tenant
behind a pooler (django-tenants#732), the schema "lost" between statements of one save in
transaction mode (#1112), tables not found after `SET search_path` (#545, pgbouncer#673). Their
causes: a session `SET search_path` read by another client's transaction on the same server
connection; the `SET` and the query after it sent as two transactions in autocommit mode,
landing on different server connections; the path set once per connection
(`TENANT_LIMIT_SET_CALLS`) while the pooler hands the connection's transactions around.
`test_django_tenants_own_backend_leaks_here` shows the set-up catches them: the stock backend
leaks in it.
"""

import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections, transaction

from core.db.base import DatabaseWrapper
from district.models import District
from tests.core.test_persistent_connections import assert_each_district_saw_its_own, serve

PROBE = "pgbouncer_probe"
SCHEMAS = ("public", "riverside", "lakeview")
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def pgbouncer(django_db_setup, django_db_blocker):
    """A PgBouncer in transaction mode with one server connection to the test database."""
    if not Path(PGBOUNCER).exists():
        pytest.fail("PgBouncer is not installed: `make pgbouncer` (bin/ensure-pgbouncer) installs it.")
    database = connection.settings_dict
    port = _free_port()
    folder = Path(tempfile.mkdtemp(prefix="lodestar-pgbouncer-"))
    folder.chmod(0o777)
    (folder / "users.txt").write_text(f'"{database["USER"]}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        f"""[databases]
* = host={database["HOST"] or "127.0.0.1"} port={database["PORT"] or 5432}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/users.txt
pool_mode = transaction
default_pool_size = 1
max_client_conn = 100
server_reset_query =
ignore_startup_parameters = extra_float_digits, options
logfile = {folder}/pgbouncer.log
pidfile = {folder}/pgbouncer.pid
"""
    )
    for name in ("users.txt", "pgbouncer.ini"):
        (folder / name).chmod(0o644)
    # PgBouncer refuses to run as root; -u drops to an ordinary user.
    user = ["-u", "nobody"] if _is_root() else []
    process = subprocess.Popen([PGBOUNCER, *user, str(folder / "pgbouncer.ini")], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"PgBouncer did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    direct = _direct(database)
    with direct.cursor() as cursor:
        for schema in SCHEMAS:
            cursor.execute(
                f'INSERT INTO "{schema}".django_migrations (app, name, applied) VALUES (%s, %s, now())',
                [PROBE, schema],
            )
    try:
        yield port
    finally:
        with direct.cursor() as cursor:
            for schema in SCHEMAS:
                cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s', [PROBE])
        direct.close()
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _is_root() -> bool:
    import os

    return os.geteuid() == 0


def _direct(database, port=None):
    return psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=port or database["PORT"] or 5432,
        user=database["USER"],
        dbname=database["NAME"],
        autocommit=True,
    )


@pytest.fixture(scope="module")
def districts(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return {d.schema_name: d for d in District.objects.filter(schema_name__in=SCHEMAS[1:])}


@pytest.fixture
def through_pooler(pgbouncer, django_db_blocker):
    """`through_pooler(alias)`: a Django connection to the test database through PgBouncer,
    configured as Lodestar's settings configure it with DATABASE_TRANSACTION_POOLING on."""
    made = []

    def make(alias="pooled", *, pooling=True):
        settings = {
            **connection.settings_dict,
            "HOST": "127.0.0.1",
            "PORT": pgbouncer,
            "OPTIONS": {},
            "CONN_MAX_AGE": 60,
            "TRANSACTION_POOLING": pooling,
            "DISABLE_SERVER_SIDE_CURSORS": True,
        }
        wrapper = DatabaseWrapper(settings, alias=alias)
        made.append(wrapper)
        return wrapper

    with django_db_blocker.unblock():
        yield make
        for wrapper in made:
            wrapper.close()


def probe(database) -> str:
    """The schema the connection's path reads from, per the probe row it finds."""
    with database.cursor() as cursor:
        cursor.execute("SELECT name FROM django_migrations WHERE app = %s", [PROBE])
        return cursor.fetchone()[0]


def test_interleaved_districts_read_their_own_rows(through_pooler, districts):
    riverside, lakeview = through_pooler("riverside_client"), through_pooler("lakeview_client")
    riverside.set_tenant(districts["riverside"])
    lakeview.set_tenant(districts["lakeview"])
    seen = [(probe(riverside), probe(lakeview)) for _ in range(5)]
    assert seen == [("riverside", "lakeview")] * 5
    riverside.set_schema_to_public()
    assert (probe(riverside), probe(lakeview), probe(riverside)) == ("public", "lakeview", "public")


@pytest.mark.django_db
def test_requests_through_the_pooler_answer_each_district_with_its_own_rows(pgbouncer):
    """Django's whole request handling (middleware, authentication, the list) in two
    processes at once, each with its persistent connection through the pooler's one server
    connection, each asking riverside and lakeview in turn."""
    results: list[dict] = []

    def one_process():
        results.append(serve(conn_max_age=60, port=pgbouncer, DATABASE_TRANSACTION_POOLING="true"))

    processes = [threading.Thread(target=one_process) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    assert len(results) == 2
    for result in results:
        assert_each_district_saw_its_own(result)


def test_concurrent_clients_never_read_the_other_district(through_pooler, districts):
    """Two threads, each its own client and district, racing through one server connection."""
    wrong: list[tuple[str, str]] = []
    reads = 150

    clients = {schema: through_pooler(f"thread_{schema}") for schema in ("riverside", "lakeview")}

    def read_many(schema):
        database = clients[schema]
        database.inc_thread_sharing()
        database.set_tenant(districts[schema])
        for _ in range(reads):
            if (seen := probe(database)) != schema:
                wrong.append((schema, seen))

    threads = [threading.Thread(target=read_many, args=(schema,)) for schema in ("riverside", "lakeview")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == [], f"{len(wrong)} of {2 * reads} reads answered from another district: {wrong[:5]}"


def test_a_transactions_path_never_reaches_another_clients_transaction(pgbouncer, through_pooler, districts):
    database = through_pooler()
    connections["pooled"] = database
    try:
        with transaction.atomic(using="pooled"):
            database.set_tenant(districts["riverside"])
            assert probe(database) == "riverside"
            database.set_tenant(districts["lakeview"])  # switching district inside a transaction
            assert probe(database) == "lakeview"
            with transaction.atomic(using="pooled"):
                database.set_tenant(districts["riverside"])
                assert probe(database) == "riverside"
                transaction.set_rollback(True, using="pooled")
            # The rolled-back savepoint took its SET LOCAL with it; the path is set again.
            assert probe(database) == "riverside"
        probe(database)  # and an autocommit statement after the transaction
    finally:
        del connections["pooled"]
    # Another client, which sets no path, gets the same (only) server connection: untouched.
    with _direct(connection.settings_dict, port=pgbouncer) as other:
        assert other.execute("SHOW search_path").fetchone()[0] == '"$user", public'
        assert (
            other.execute("SELECT name FROM django_migrations WHERE app = %s", [PROBE]).fetchone()[0]
            == "public"
        )


def test_django_tenants_own_backend_leaks_here(pgbouncer, through_pooler, districts):
    """The same set-up with pooling off (django-tenants' SET once per connection) leaks:
    proof the tests above would see a leak if Lodestar's backend let one through."""
    riverside = through_pooler("stock_riverside", pooling=False)
    lakeview = through_pooler("stock_lakeview", pooling=False)
    riverside.set_tenant(districts["riverside"])
    lakeview.set_tenant(districts["lakeview"])
    assert probe(riverside) == "riverside"
    assert probe(lakeview) == "lakeview"
    assert probe(riverside) == "lakeview"  # the leak: riverside's client reads lakeview's rows
    with _direct(connection.settings_dict, port=pgbouncer) as other:
        assert "lakeview" in other.execute("SHOW search_path").fetchone()[0]


def test_server_side_cursors_are_refused_under_pooling(through_pooler, districts):
    database = through_pooler()
    database.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = False
    database.set_tenant(districts["riverside"])
    with pytest.raises(Exception, match="DISABLE_SERVER_SIDE_CURSORS"):
        database.create_cursor(name="named")
