"""Helpers shared by the test packages (conftest modules are not imported directly)."""


def existing_district(slug, django_db_blocker):
    """A district created once per session by django_db_setup."""
    from district.models import District

    with django_db_blocker.unblock():
        return District.objects.get(schema_name=slug)


HOST = "riverside.localhost"


def get(client, path, **headers):
    """A page request on riverside's host."""
    return client.get(path, HTTP_HOST=HOST, headers=headers)


def post(client, path, data=None, **headers):
    return client.post(path, data or {}, HTTP_HOST=HOST, headers=headers)


def push_sequence_past(model, value):
    """Make the next id of `model` in the active district larger than `value` (an id of the
    other district). Never moves the sequence back: setval is not undone by the test's
    rollback, so going back would hand out ids again that earlier tests used (and that
    Redis still remembers, e.g. in throttle counters)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            "GREATEST(%s, nextval(pg_get_serial_sequence(%s, 'id'))))",
            [model._meta.db_table, value + 1000, model._meta.db_table],
        )
