"""Test set-up: two districts created once per session; each test in a rollback
transaction with riverside active. See docs/tenancy.md."""

import hashlib
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from tests.factories import token_for
from tests.support import existing_district

RIVERSIDE = {"slug": "riverside", "name": "Riverside (test)", "domain": "riverside.localhost"}
LAKEVIEW = {"slug": "lakeview", "name": "Lakeview (test)", "domain": "lakeview.localhost"}
# Browser tests commit their data (the live server reads it on its own connection), so
# they get a district of their own and never disturb the rollback tests' districts.
HILLCREST = {"slug": "hillcrest", "name": "Hillcrest (browser tests)", "domain": "hillcrest.localhost"}


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_modify_db_settings, django_db_blocker):
    """Create and migrate the test database (public + template schema), then clone the
    test districts from the template, once for the whole session.

    This replaces pytest-django's fixture, which creates a database only when some
    selected test is marked for it: the worker and browser tests use committed data and
    cannot be, and must never write their districts into a development database.
    `django_db_modify_db_settings` gives each pytest-xdist worker a database of its own
    (`test_lodestar_gw0`, `test_lodestar_gw1`); config/settings/test.py does the same for Redis.
    """
    from django.test.utils import teardown_databases

    with django_db_blocker.unblock():
        config = _test_database_from_cache(verbosity=request.config.option.verbose)
    yield
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        teardown_databases(config, verbosity=request.config.option.verbose)


ROOT = Path(__file__).resolve().parent.parent
# What the test database is made from: the migrations and the code they and provisioning
# run (shipped frameworks, provisioning hooks, settings), the pinned packages, and the
# districts made below. Pages (templates, static files) and the tests themselves are not.
_NOT_DATABASE = {"tests", "docs", "templates", "static", "__pycache__", "media", "staticfiles"}
_NOT_DATABASE_FILES = {".pyc", ".md", ".html", ".js", ".css", ".svg", ".png"}


def _database_key() -> str:
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in _NOT_DATABASE)
        for name in sorted(files):
            path = Path(folder, name)
            if not name.startswith(".") and path.suffix not in _NOT_DATABASE_FILES:
                digest.update(f"{path.relative_to(ROOT)}\0".encode() + path.read_bytes() + b"\0")
    for name in ("conftest.py", "support.py"):
        digest.update((ROOT / "tests" / name).read_bytes())
    return digest.hexdigest()[:12]


def _test_database_from_cache(verbosity):
    """Each pytest-xdist worker's test database, with the test districts, as a copy of a
    cached database (`CREATE DATABASE ... TEMPLATE`, about a second) instead of migrating it
    (about 30 s a worker, nearly all of it Python rendering migration states).

    The cache is `<test database>_cache_<key>`, the key a hash of everything the database is
    made from (`_database_key`): a changed migration, shipped framework, setting or package
    gives a new key, so the first worker of the next run builds it again the old way, copies
    it, and drops the stale copies; the other workers wait for it (an advisory lock) and then
    copy it. A fresh clone builds it on its first run.
    """
    from django.test.utils import setup_databases

    from district.models import District
    from district.services import district_create

    test_name = connection.creation._get_test_db_name()
    if not test_name.startswith("test_"):
        pytest.exit(f"Refusing to create test districts in {test_name!r}: not a test database.", returncode=3)
    base = test_name.removesuffix("_" + os.environ.get("PYTEST_XDIST_WORKER", "-"))
    cached = f"{base}_cache_{_database_key()}"
    quote = connection.ops.quote_name
    old_name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as nodb:
        nodb.execute("SELECT pg_advisory_lock(hashtext(%s))", [base + "_cache"])
        try:
            nodb.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cached])
            if nodb.fetchone() is None:
                config = setup_databases(verbosity=verbosity, interactive=False, aliases={"default"})
                cache.clear()  # rate-limit counters and throttles from an earlier run
                for spec in (RIVERSIDE, LAKEVIEW, HILLCREST):
                    if not District.objects.filter(schema_name=spec["slug"]).exists():
                        district_create(**spec, timezone="America/Chicago")
                connection.close()
                nodb.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s",
                    [base.replace("_", r"\_") + r"\_cache\_%"],
                )
                for (stale,) in nodb.fetchall():
                    nodb.execute(f"DROP DATABASE IF EXISTS {quote(stale)}")
                nodb.execute(f"CREATE DATABASE {quote(cached)} TEMPLATE {quote(test_name)}")
                return config
            nodb.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
            nodb.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(cached)}")
        finally:
            nodb.execute("SELECT pg_advisory_unlock(hashtext(%s))", [base + "_cache"])
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    cache.clear()
    return [(connection, old_name, True)]


@pytest.fixture(scope="session")
def riverside(django_db_setup, django_db_blocker):
    return existing_district("riverside", django_db_blocker)


@pytest.fixture(scope="session")
def lakeview(django_db_setup, django_db_blocker):
    return existing_district("lakeview", django_db_blocker)


@pytest.fixture(autouse=True)
def _district_active(request):
    """Tests that touch the database run with riverside active, then go back to public."""
    uses_db = any(
        name in request.fixturenames for name in ("db", "transactional_db", "django_db_reset_sequences")
    ) or request.node.get_closest_marker("django_db")
    if not uses_db:
        yield
        return
    request.getfixturevalue("db")
    connection.set_tenant(request.getfixturevalue("riverside"))
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files (evidence, attachments) go to the test's own folder, never ./media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def in_district():
    """`with in_district(d):` runs ORM code in another district, then returns to riverside."""
    return tenant_context


class DistrictClient(APIClient):
    """An API client bound to one district's host. Each request leaves the connection in
    that district (as the tenant middleware does); `riverside` tests switch back."""

    def __init__(self, district, **defaults):
        self.district = district
        super().__init__(HTTP_HOST=district.get_primary_domain().domain, **defaults)

    def request(self, **kwargs):
        response = super().request(**kwargs)
        connection.set_tenant(self._return_to)
        return response


@pytest.fixture
def api(riverside):
    """`api(user)` → a client acting as `user` with a real API token on riverside's host.
    `api(user, session=True)` signs in with a browser session instead; `api(user,
    district=lakeview, token=...)` for cross-district checks; `api()` is anonymous."""

    def make(user=None, *, district=None, token=None, session=False):
        district = district or riverside
        current = connection.tenant
        client = DistrictClient(district)
        client._return_to = current
        if session:
            with tenant_context(district):
                client.force_login(user)
        elif user is not None or token is not None:
            secret = token or _issue_token(user, district)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make


def _issue_token(user, district):
    with tenant_context(district):
        return token_for(user)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
