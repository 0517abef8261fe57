"""Test set-up: two districts created once per session; each test in a rollback
transaction with riverside active. See docs/tenancy.md."""

import pytest
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
    from django.test.utils import setup_databases, teardown_databases

    from district.models import District
    from district.services import district_create

    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=request.config.option.verbose, interactive=False, aliases={"default"}
        )
        name = connection.settings_dict["NAME"]
        if not name.startswith("test_"):
            pytest.exit(f"Refusing to create test districts in {name!r}: not a test database.", returncode=3)
        cache.clear()  # rate-limit counters and throttles from an earlier run
        for spec in (RIVERSIDE, LAKEVIEW, HILLCREST):
            if not District.objects.filter(schema_name=spec["slug"]).exists():
                district_create(**spec, timezone="America/Chicago")
    yield
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        teardown_databases(config, verbosity=request.config.option.verbose)


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
