import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists

from district.models import District

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    connection.set_schema_to_public()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_district_prints_timing_url_and_one_time_link():
    output = run(
        "create_district", "maplewood", "--name", "Maplewood", "--domain", "maplewood.localhost",
        "--admin-email", "admin@maplewood.example.org",
    )  # fmt: skip
    assert "Created district maplewood (Maplewood) in" in output
    assert " s: http://maplewood.localhost" in output
    assert "One-time link to set their password: http://maplewood.localhost/accounts/reset/" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["riverside", "--name", "X", "--domain", "x1.localhost"], 'A district with the slug "riverside"'),
        (["fresh", "--name", "X", "--domain", "riverside.localhost"], "already belongs to a district"),
        (["9lives", "--name", "X", "--domain", "x2.localhost"], "is not a valid slug"),
        (
            ["fresh", "--name", "X", "--domain", "x3.localhost", "--admin-password", "pw"],
            "needs --admin-email",
        ),
    ],
)
def test_create_district_bad_input_is_a_one_line_error_and_changes_nothing(args, message):
    before = District.objects.count()
    with pytest.raises(CommandError, match=message) as raised:
        run("create_district", *args)
    assert "\n" not in str(raised.value)
    assert District.objects.count() == before
    assert not schema_exists("fresh")


def test_list_districts_shows_slug_domain_and_readiness():
    output = run("list_districts")
    header, *rows = output.strip().splitlines()
    assert header.split() == ["SLUG", "NAME", "DOMAINS", "TIMEZONE", "READY", "CREATED"]
    riverside = next(row for row in rows if row.startswith("riverside "))
    assert "riverside.localhost" in riverside and " yes " in riverside
    assert not any(row.startswith("public") for row in rows)


def test_time_provisioning_measures_three_ways_and_leaves_nothing_behind():
    before = District.objects.count()
    output = run("time_provisioning", "--runs", "1")
    assert "from a spare: median" in output
    assert "cloned from template: median" in output
    assert "running migrations: median" in output
    assert District.objects.count() == before


def test_delete_district_needs_confirmation_then_drops_the_schema():
    run("create_district", "goner", "--name", "Goner", "--domain", "goner.localhost")
    with pytest.raises(CommandError, match="--yes-delete-everything"):
        run("delete_district", "goner")
    assert schema_exists("goner")
    run("delete_district", "goner", "--yes-delete-everything")
    assert not schema_exists("goner") and not District.objects.filter(schema_name="goner").exists()
    with pytest.raises(CommandError, match="No district"):
        run("delete_district", "public", "--yes-delete-everything")
