"""A persistent database connection serves one district's request after another's and
answers each with its own rows (docs/operations.md, "PgBouncer and persistent connections").

The test client keeps the test's one connection and turns off Django's per-request
connection handling, so the requests here go through Django's WSGI handler in a process of
their own (the request_started / request_finished signals, CONN_MAX_AGE, the health check),
against committed rows it makes in riverside and lakeview and removes afterwards.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import ROOT

REQUESTS = r"""
import io, json, sys, uuid
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django_tenants.utils import tenant_context
from core.roles import Role
from district.models import District
from schools.models import School
from tests.factories import SchoolFactory, person, token_for

made, tokens = {}, {}
for slug in ("riverside", "lakeview"):
    with tenant_context(District.objects.get(schema_name=slug)):
        probe = uuid.uuid4().hex[:8]
        school = SchoolFactory(name=f"{slug} probe {probe}", code=f"P{probe}")
        admin = person(Role.DISTRICT_ADMIN, email=f"probe-{uuid.uuid4().hex[:8]}@{slug}.example.org")
        made[slug] = (school, admin)
        tokens[slug] = token_for(admin)
connection.close()
application = WSGIHandler()
seen = []
try:
    for slug in ("riverside", "lakeview") * 3:
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/schools/", "QUERY_STRING": "page_size=100",
            "SERVER_NAME": f"{slug}.localhost", "SERVER_PORT": "80", "HTTP_HOST": f"{slug}.localhost",
            "HTTP_AUTHORIZATION": f"Bearer {tokens[slug]}", "REMOTE_ADDR": "127.0.0.1",
            "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        }
        status = []
        response = application(environ, lambda s, h, *a: status.append(s))
        body = b"".join(response)
        pid = connection.connection.info.backend_pid
        response.close()  # the end of the request, as a WSGI server ends it
        names = [school["name"] for school in json.loads(body)["results"]]
        seen.append({"host": slug, "status": status[0], "names": names, "pid": pid})
finally:
    for slug, (school, admin) in made.items():
        with tenant_context(District.objects.get(schema_name=slug)):
            admin.delete()
            school.delete()
print(json.dumps({"seen": seen, "probes": {slug: school.name for slug, (school, admin) in made.items()}}))
"""


def run_in_process(script: str, port=None, **environ: str):
    """Run `script` in a Django process of its own against the test database (its database
    connection through `port` if given: a PgBouncer in front of it); its last line of output,
    as JSON."""
    database = {**connection.settings_dict, "HOST": connection.settings_dict["HOST"] or "127.0.0.1"}
    if port is not None:
        database["PORT"] = port
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**database),
        **environ,
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def serve(conn_max_age: int, port=None, **environ: str) -> dict:
    """Six requests, riverside and lakeview in turn, in a process of their own."""
    return run_in_process(REQUESTS, port=port, CONN_MAX_AGE=str(conn_max_age), **environ)


def test_connections_are_kept_and_health_checked_by_default():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def assert_each_district_saw_its_own(result: dict) -> None:
    probes, seen = result["probes"], result["seen"]
    for request in seen:
        other = "lakeview" if request["host"] == "riverside" else "riverside"
        assert request["status"] == "200 OK"
        assert probes[request["host"]] in request["names"], request
        assert probes[other] not in request["names"], f"{request['host']} answered with {other}'s school"


@pytest.mark.django_db
def test_one_persistent_connection_serves_each_district_its_own_rows():
    result = serve(conn_max_age=60)
    assert_each_district_saw_its_own(result)
    seen = result["seen"]
    assert len({request["pid"] for request in seen}) == 1, "each request should reuse the one connection"


@pytest.mark.django_db
def test_without_conn_max_age_each_request_opens_its_own_connection():
    """The same requests with CONN_MAX_AGE=0: proof the test above sees a reused connection."""
    seen = serve(conn_max_age=0)["seen"]
    assert len({request["pid"] for request in seen}) == len(seen)
