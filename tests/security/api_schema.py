"""What the security suites share: the OpenAPI document as a district's host serves it, the
API as an in-process WSGI application, and the demo district as a module-wide data set."""

import contextlib
from functools import cache

from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection, transaction

OPERATION_METHODS = ("get", "put", "patch", "post", "delete")


@cache
def openapi_document() -> dict:
    """The document `/api/schema/` serves on a district's host (drf-spectacular, same urlconf
    and settings), built without a request so that tests can be generated from it when
    pytest collects them, before any database is open."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator(urlconf="config.urls_tenant").get_schema(request=None, public=True)


def operations(document: dict) -> list[tuple[str, str, dict]]:
    """(METHOD, path, operation) for every operation of the document."""
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in OPERATION_METHODS
    ]


class InProcessApi:
    """Django's WSGI handler for requests made inside a test's transaction.

    Django closes the database connection around each request (`close_old_connections`),
    which inside a test's transaction would throw the transaction away; Django's own test
    client switches that off for the same reason, and so does this."""

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        tenant = connection.tenant
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
            connection.set_tenant(tenant)


@contextlib.contextmanager
def rolled_back(django_db_blocker):
    """A transaction for a whole module's data, rolled back at its end; each test's own
    transaction nests inside it as a savepoint."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.set_schema_to_public()


def seed_demo_district(spec, district) -> None:
    """The demo district `spec` (every kind of record the API serves) written into the test
    district `district`, as `seed_demo` writes it (about 4 s)."""
    from demo.seed import seed_district

    connection.set_schema_to_public()
    seed_district(spec, log=lambda *args: None)
    connection.set_tenant(district)
