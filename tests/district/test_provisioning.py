import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context

from accounts.models import User
from district.models import District, Domain
from district.services import (
    TemplateNotReadyError,
    district_create,
    template_unapplied_migrations,
)

pytestmark = pytest.mark.django_db


def _columns(schema: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name, data_type, is_nullable
            FROM information_schema.columns WHERE table_schema = %s
            ORDER BY table_name, column_name
            """,
            [schema],
        )
        return cursor.fetchall()


def _constraints(schema: str) -> list[tuple]:
    """Constraint and index definitions (names aside: cloning may rename them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.contype, pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE n.nspname = %s
            """,
            [schema],
        )
        constraints = [
            (table.split(".")[-1], kind, definition.replace(f"{schema}.", ""))
            for table, kind, definition in cursor.fetchall()
        ]
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = %s", [schema])
        indexes = [
            (table, "index", definition.split(" USING ", 1)[1].replace(f"{schema}.", ""))
            for table, definition in cursor.fetchall()
        ]
    return sorted(constraints + indexes)


def test_template_schema_exists_and_has_no_unapplied_migration():
    assert schema_exists(settings.TENANT_BASE_SCHEMA)
    assert template_unapplied_migrations() == [], (
        "The template is behind: new districts would be cloned without these tables. "
        "migrate_schemas must migrate the template."
    )


def test_new_district_is_cloned_with_exactly_the_template_tables():
    connection.set_schema_to_public()
    result = district_create(slug="newtown", name="Newtown", domain="newtown.localhost")
    template_columns = _columns(settings.TENANT_BASE_SCHEMA)
    assert template_columns, "the template has no tables at all"
    assert _columns("newtown") == template_columns
    assert _constraints("newtown") == _constraints(settings.TENANT_BASE_SCHEMA)
    assert result.district.is_ready


def test_provisioning_refuses_to_fall_back_to_migrations_when_template_is_missing():
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER SCHEMA "{settings.TENANT_BASE_SCHEMA}" RENAME TO template_away')
    with pytest.raises(TemplateNotReadyError, match="migrate_schemas"):
        district_create(slug="nowhere", name="Nowhere", domain="nowhere.localhost")
    assert not District.objects.filter(schema_name="nowhere").exists()


def test_new_district_is_ready_and_reachable_by_its_host(client):
    connection.set_schema_to_public()
    result = district_create(
        slug="brookside",
        name="Brookside Schools",
        domain="brookside.localhost",
        admin_email="admin@brookside.example.org",
        admin_password="a-strong-passphrase",
    )
    assert District.objects.get(schema_name="brookside").is_ready
    assert result.admin_setup_link is None

    response = client.post(
        "/accounts/login/",
        {"username": "admin@brookside.example.org", "password": "a-strong-passphrase"},
        HTTP_HOST="brookside.localhost",
    )
    assert response.status_code == 302, "the new district's administrator can sign in on its host"
    home = client.get("/", HTTP_HOST="brookside.localhost")
    assert "Brookside Schools" in home.content.decode()


def test_admin_without_password_gets_a_one_time_setup_link():
    connection.set_schema_to_public()
    result = district_create(
        slug="elmwood", name="Elmwood", domain="elmwood.localhost", admin_email="head@elmwood.example.org"
    )
    assert "/accounts/reset/" in result.admin_setup_link
    assert result.admin_setup_link.startswith("http://elmwood.localhost")
    with tenant_context(result.district):
        admin = User.objects.get(email="head@elmwood.example.org")
        assert not admin.has_usable_password()
        assert [m.role for m in admin.active_memberships()] == ["district_admin"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"slug": "riverside", "domain": "fresh.localhost"}, "slug"),
        ({"slug": "Bad-Slug", "domain": "fresh.localhost"}, "slug"),
        ({"slug": "public", "domain": "fresh.localhost"}, "slug"),
        ({"slug": "fresh", "domain": "riverside.localhost"}, "domain"),
        ({"slug": "fresh", "domain": "not a host"}, "domain"),
        ({"slug": "fresh", "domain": "fresh.localhost", "timezone": "Mars/Olympus"}, "timezone"),
        ({"slug": "fresh", "domain": "fresh.localhost", "admin_email": "nope"}, "admin_email"),
    ],
)
def test_bad_district_input_names_the_field_and_creates_nothing(kwargs, field):
    connection.set_schema_to_public()
    before = (District.objects.count(), Domain.objects.count())
    with pytest.raises(ValidationError) as raised:
        district_create(name="Fresh", **kwargs)
    assert field in raised.value.message_dict
    assert (District.objects.count(), Domain.objects.count()) == before
    assert not schema_exists("fresh")
