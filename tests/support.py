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
