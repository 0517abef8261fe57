"""migrate_schemas at scale (district/migrating.py): districts recorded at the code's
migration state are skipped after one query; the others are migrated, marked not ready
(503 with Retry-After) while they are, and stamped and ready after; a failed district stays
not ready and unstamped, and running again resumes with it alone."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.signals import schema_pre_migration

from district.migrating import districts_to_migrate
from district.migration_state import code_migration_state
from district.models import District

pytestmark = pytest.mark.django_db


def _migrate(**options) -> str:
    out = io.StringIO()
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=1, stdout=out, **options)
    return out.getvalue()


def _forget_sign_in_counter(schema: str, *, drop_table: bool) -> None:
    """Make `schema` one migration behind: accounts.0004 unrecorded (and its table gone,
    so applying it again succeeds; left in place, applying it fails)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM \"{schema}\".django_migrations WHERE app = 'accounts' AND name = '0004_sign_in_counter'"
        )
        if drop_table:
            cursor.execute(f'DROP TABLE "{schema}".accounts_signincounter')
    District.objects.filter(schema_name=schema).update(migration_state="")


def test_districts_already_current_are_skipped_after_one_query(django_assert_num_queries):
    connection.set_schema_to_public()
    District.objects.exists()  # the search_path is set before the count starts
    with django_assert_num_queries(1):
        assert districts_to_migrate() == [], "every test district was created at the code's state"
    District.objects.filter(schema_name="lakeview").update(migration_state="older")
    with django_assert_num_queries(1):
        assert districts_to_migrate() == ["lakeview"]


def test_no_op_migrate_runs_no_migration_in_a_current_district():
    ran = []

    def record(sender, schema_name, **kwargs):
        ran.append(schema_name)

    schema_pre_migration.connect(record)
    try:
        output = _migrate()
    finally:
        schema_pre_migration.disconnect(record)
    assert ran == [], "a no-op deploy must not run migrate in any district (nor the template)"
    assert "up to date (checked in one query)" in output


def test_a_district_behind_is_migrated_marked_not_ready_meanwhile_and_ready_after():
    connection.set_schema_to_public()
    _forget_sign_in_counter("lakeview", drop_table=True)
    during = {}

    def look(sender, schema_name, **kwargs):
        if schema_name == "lakeview":
            during["is_migrating"] = District.objects.get(schema_name="lakeview").is_migrating

    schema_pre_migration.connect(look)
    try:
        output = _migrate(workers=1)
    finally:
        schema_pre_migration.disconnect(look)

    assert during == {"is_migrating": True}, "the district is marked not ready while it migrates"
    assert "[1/1] lakeview: 1 migration applied" in output
    lakeview = District.objects.get(schema_name="lakeview")
    assert not lakeview.is_migrating and lakeview.migration_state == code_migration_state()
    assert districts_to_migrate() == []


def test_a_failed_district_stays_not_ready_and_the_next_run_resumes_with_it_alone():
    connection.set_schema_to_public()
    _forget_sign_in_counter("lakeview", drop_table=False)  # applying it again fails
    _forget_sign_in_counter("riverside", drop_table=True)

    with pytest.raises(CommandError, match="lakeview"):
        _migrate(workers=1)

    riverside, lakeview = (District.objects.get(schema_name=name) for name in ("riverside", "lakeview"))
    assert riverside.migration_state == code_migration_state() and not riverside.is_migrating
    assert lakeview.is_migrating and lakeview.migration_state == ""
    assert District.objects.ready().filter(schema_name="lakeview").count() == 0

    with connection.cursor() as cursor:
        cursor.execute('DROP TABLE "lakeview".accounts_signincounter')
    connection.set_schema_to_public()
    assert districts_to_migrate() == ["lakeview"], "the resumed run takes only what is not done"
    output = _migrate(workers=1)
    assert "[1/1] lakeview: 1 migration applied" in output
    assert not District.objects.get(schema_name="lakeview").is_migrating


@pytest.mark.parametrize(
    ("path", "accept", "kind"),
    [("/api/v1/people/", "application/json", "application/json"), ("/", "text/html", "text/html")],
)
def test_a_district_being_migrated_answers_503_with_retry_after(client, path, accept, kind):
    District.objects.filter(schema_name="lakeview").update(is_migrating=True)
    response = client.get(path, HTTP_HOST="lakeview.localhost", HTTP_ACCEPT=accept)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith(kind)
    assert "being upgraded" in response.content.decode()

    District.objects.filter(schema_name="lakeview").update(is_migrating=False)
    assert client.get(path, HTTP_HOST="lakeview.localhost", HTTP_ACCEPT=accept).status_code != 503
