"""Creating a district renames a spare schema cloned ahead (district/spares.py): the spare
carries the template's content, the pool refills, a stale spare is never handed out, two
creations at once take different spares, and the new district is isolated."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django_tenants.utils import schema_exists, tenant_context

from accounts.models import User
from assessments.models import Framework
from district.models import District, SchemaState
from district.services import district_create, district_delete
from district.spares import spare_claim, spares_ready_count, spares_refill

pytestmark = pytest.mark.django_db


def _frameworks(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT identifier FROM "{schema}".{Framework._meta.db_table} ORDER BY identifier')
        return [row[0] for row in cursor.fetchall()]


def _spares() -> list[str]:
    return list(SchemaState.objects.filter(kind=SchemaState.SPARE).values_list("schema_name", flat=True))


def test_creating_a_district_renames_a_ready_spare_holding_the_templates_content():
    connection.set_schema_to_public()
    assert spares_refill(target=1) == (0, 1)
    [spare] = _spares()

    result = district_create(slug="sparetown", name="Sparetown", domain="sparetown.localhost")

    assert result.from_spare, "a ready spare was there: the template must not be cloned during the request"
    assert not schema_exists(spare), "the spare became the district's schema"
    assert _spares() == []
    shipped = _frameworks(settings.TENANT_BASE_SCHEMA)
    assert shipped, "the template ships frameworks"
    assert _frameworks("sparetown") == shipped
    assert District.objects.get(schema_name="sparetown").is_ready


def test_refill_tops_the_pool_up_to_its_target_and_no_further():
    connection.set_schema_to_public()
    assert spares_refill(target=2) == (0, 2)
    assert spares_refill(target=2) == (0, 0)
    assert spares_ready_count() == 2
    assert all(schema_exists(name) for name in _spares())


def test_creating_without_a_spare_says_so_and_clones_the_template():
    connection.set_schema_to_public()
    result = district_create(slug="nospare", name="No spare", domain="nospare.localhost")
    assert not result.from_spare
    assert _frameworks("nospare") == _frameworks(settings.TENANT_BASE_SCHEMA)


def test_a_spare_cloned_at_an_older_migration_state_is_never_handed_out_and_is_discarded():
    connection.set_schema_to_public()
    spares_refill(target=1)
    [stale] = _spares()
    SchemaState.objects.filter(schema_name=stale).update(migration_state="an-older-state")

    result = district_create(slug="freshone", name="Fresh", domain="freshone.localhost")

    assert not result.from_spare, "the only spare is stale: it must not become a district"
    assert schema_exists(stale)
    assert spares_refill(target=1) == (1, 1)
    assert not schema_exists(stale)
    assert stale not in _spares() and spares_ready_count() == 1


def test_new_district_from_a_spare_is_isolated_from_the_others(client):
    connection.set_schema_to_public()
    spares_refill(target=1)
    district_create(
        slug="islet",
        name="Islet",
        domain="islet.localhost",
        admin_email="admin@islet.example.org",
        admin_password="a-strong-passphrase",
    )
    riverside_emails = set(User.objects.values_list("email", flat=True))  # riverside is active
    with tenant_context(District.objects.get(schema_name="islet")):
        assert list(User.objects.values_list("email", flat=True)) == ["admin@islet.example.org"]
    assert "admin@islet.example.org" not in riverside_emails
    signed_in = client.post(
        "/accounts/login/",
        {"username": "admin@islet.example.org", "password": "a-strong-passphrase"},
        HTTP_HOST="islet.localhost",
    )
    assert signed_in.status_code == 302
    elsewhere = client.get("/", HTTP_HOST="lakeview.localhost")
    assert elsewhere.status_code == 302 and "/accounts/login/" in elsewhere["Location"], (
        "the new district's session is unknown on another district's host"
    )


def _in_thread(function, results, key):
    def run():
        try:
            results[key] = function()
        except BaseException as error:  # reported to the test below
            results[key] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_two_creations_at_once_never_take_the_same_spare():
    """Real concurrency: two connections of their own (threads), committed spares. One
    creation holds its claimed spare's row lock while the other creates a district."""
    results: dict = {}
    claimed, release = threading.Event(), threading.Event()

    def hold_a_claim():
        with transaction.atomic():
            assert spare_claim(schema_name="held_claim")
            claimed.set()
            release.wait(30)
            raise RuntimeError("roll the held claim back")

    def create():
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '10s'")
        return district_create(slug="concurrent", name="Concurrent", domain="concurrent.localhost")

    filler = _in_thread(lambda: spares_refill(target=2), results, "fill")
    filler.join(60)
    assert results["fill"] == (0, 2)
    try:
        holder = _in_thread(hold_a_claim, results, "held")
        assert claimed.wait(30)
        creator = _in_thread(create, results, "created")
        creator.join(60)
        release.set()
        holder.join(30)
        created = results["created"]
        assert not isinstance(created, BaseException), created
        assert created.from_spare, "the second creation takes the other spare instead of waiting or cloning"
        assert isinstance(results["held"], RuntimeError)
        remaining = _in_thread(lambda: (spares_ready_count(), schema_exists("held_claim")), results, "after")
        remaining.join(30)
        assert results["after"] == (1, False), "the rolled-back claim's spare is back in the pool"
    finally:
        cleanup = _in_thread(_clean_up_committed, results, "cleanup")
        cleanup.join(60)


def _clean_up_committed():
    for district in District.objects.filter(schema_name="concurrent"):
        district_delete(district=district)
    spares_refill(target=0)
    for name in list(
        SchemaState.objects.filter(kind=SchemaState.SPARE).values_list("schema_name", flat=True)
    ):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    SchemaState.objects.filter(kind=SchemaState.SPARE).delete()


def test_the_refill_task_is_on_the_beat_schedule_and_fills_to_the_setting(settings):
    from district.tasks import refill_spare_schemas

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "district.tasks.refill_spare_schemas" in tasks
    connection.set_schema_to_public()
    settings.DISTRICT_SPARE_SCHEMAS = 1
    assert refill_spare_schemas.apply().get() == (0, 1)
    assert spares_ready_count() == 1


def test_a_slug_that_looks_like_a_spare_is_reserved():
    connection.set_schema_to_public()
    with pytest.raises(ValidationError) as raised:
        district_create(slug="spare_lookalike", name="Lookalike", domain="lookalike.localhost")
    assert "reserved" in raised.value.message_dict["slug"][0]
