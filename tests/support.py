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


def signed_in(client, user):
    """The Django test client, signed in as `user`, for page requests."""
    client.force_login(user)
    return client


def days(n: int, start=None):
    """The district's day `n` days after `start` (default today); negative is before."""
    import datetime

    from core.time import district_today

    return (start or district_today()) + datetime.timedelta(days=n)


def page_queries(client, path, *, warm: bool = False):
    """(number of queries, the captured queries) for one page request that must answer 200.
    `warm` requests the page once first, so one-off work of a session's first read (the
    session's last-seen stamp, caches) is not counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if warm:
        get(client, path)
    with CaptureQueriesContext(connection) as captured:
        response = get(client, path)
    assert response.status_code == 200, response.content[:500]
    return len(captured), captured


def assert_queries(captured, expected: int, why: str) -> None:
    """An exact query count, failing with the reason the number matters and the SQL run:
    a count that grows with the rows is a page or job that slows down as a district grows."""
    ran = len(captured)
    sql = "\n".join(query["sql"][:300] for query in captured.captured_queries)
    assert ran == expected, f"{why}: expected {expected} queries, ran {ran}:\n{sql}"


def totp_code(device_or_secret, *, ahead: int = 0) -> str:
    """The code an authenticator app shows now for a TOTP device (or a typed-in base32 key);
    `ahead=1` is the next 30-second step's code, still accepted, for a second sign-in within
    the step of the first (django-otp accepts each step once)."""
    import base64

    from django_otp.oath import totp

    if isinstance(device_or_secret, str):
        text = device_or_secret.replace(" ", "")
        key = base64.b32decode(text + "=" * (-len(text) % 8))
    else:
        key = device_or_secret.bin_key
    return f"{totp(key, drift=ahead):06d}"


def settle_constraints() -> None:
    """Check now the deferred foreign keys of the rows written so far in the open (module-wide)
    transaction, once. Each test's teardown checks constraints inside its savepoint; a check
    made there and rolled back with the savepoint is owed again, so without this every test of
    a module seeded with the demo re-checked all of the demo's rows (about 0.3 s a test). The
    rows are checked all the same: here, once; each test's own rows at its end, as before."""
    from django.db import connection

    connection.check_constraints()


def shown_date(moment, district: str = "riverside") -> str:
    """The date `district`'s pages show for an aware datetime: in the district's time zone
    (pages render in it), which near midnight UTC is not the machine's date."""
    import zoneinfo

    from django.utils import timezone

    from core.dates import format_date
    from district.models import District

    zone = zoneinfo.ZoneInfo(District.objects.values_list("timezone", flat=True).get(schema_name=district))
    return format_date(timezone.localtime(moment, zone).date())
