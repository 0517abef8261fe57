"""Hostile input on every write endpoint, generated from the OpenAPI document.

Every POST, PUT and PATCH of `/api/v1/` that reads a JSON body is found in the schema
drf-spectacular generates (so a new endpoint is covered without anyone adding it here), and
sent, as a person allowed to write it, bodies whose fields hold what an attacker would try:
the wrong type, null, a string one character over its documented `maxLength`, NUL bytes, a
lone surrogate, numbers past any column (2**64, -2**63, 1e308), dates no district means
(0001-01-01, 9999-12-31), and bodies that are not an object, nested 200 levels deep or
carry a raw `NaN`. Each must answer 400 with the error body naming the field (or the body),
never a 500, and write nothing: the row counts of every table of the district are the same
before and after.

To stay fast, the fields' hostile values go in one request per round (each field's first
value, then each field's second, ...); only when a round goes wrong is it replayed field
by field, so that a failure names the operation, the field and the value.
"""

import functools
import json
import re
from dataclasses import dataclass, field

import pytest
from django.db import connection, transaction

from core.parsers import MAX_DEPTH
from tests.support import settle_constraints

WRITE_METHODS = ("post", "put", "patch")
# Tokens are created from a signed-in browser session only (a token cannot make tokens).
SESSION_ONLY = ("/api/v1/tokens/",)
# Private reads are audited even when the write that follows is refused, so the audit log
# is the one table a refused request may add to.
READ_AUDIT = "core_auditevent"
ROLES = ("admin", "central", "principal", "coach", "teacher")
# Models behind the nested ids of the API's paths.
NESTED_IDS = {
    "note_id": ("coaching", "CycleNote"),
    "milestone_id": ("coaching", "Milestone"),
    "attachment_id": ("coaching", "Attachment"),
    "requirement_id": ("pathways", "Requirement"),
    "step_id": ("pathways", "PathwayStep"),
    "school_id": ("schools", "School"),
    "endpoint_pk": ("webhooks", "WebhookEndpoint"),
}
# Write operations no demo person can bring to the point of validating a body, each with why.
# A new endpoint that lands here unannounced fails `test_every_write_operation_is_reached`.
UNREACHED: dict[str, str] = {}


# --- The operations, from the schema ------------------------------------------------------------


@functools.cache
def openapi() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def resolve(schema: dict) -> dict:
    """A schema with its `$ref` and single `allOf` followed (how spectacular wraps enums)."""
    components = openapi()["components"]["schemas"]
    while True:
        if "$ref" in schema:
            schema = {
                **components[schema["$ref"].rsplit("/", 1)[-1]],
                **{k: v for k, v in schema.items() if k != "$ref"},
            }
        elif len(schema.get("allOf", [])) == 1:
            schema = {**resolve(schema["allOf"][0]), **{k: v for k, v in schema.items() if k != "allOf"}}
        else:
            return schema


@dataclass
class Operation:
    method: str
    path: str
    properties: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.path}"


def write_operations() -> list[Operation]:
    """Each write operation of the API that takes a JSON body."""
    operations = []
    for path, item in openapi()["paths"].items():
        for method in WRITE_METHODS:
            content = item.get(method, {}).get("requestBody", {}).get("content", {})
            if not path.startswith("/api/v1/") or "application/json" not in content:
                continue
            body = resolve(content["application/json"]["schema"])
            properties = {
                name: prop for name, prop in body.get("properties", {}).items() if not prop.get("readOnly")
            }
            operations.append(Operation(method, path, properties))
    return operations


# --- Hostile values per declared type -----------------------------------------------------------


# A label ending so only needs a 4xx with the error body, not the field named.
LOOSE = " (any 4xx)"


def _too_long(schema: dict) -> str:
    return "x" * (schema.get("maxLength", 100_000) + 1)


def hostile_values(schema: dict) -> list[tuple[str, object]]:
    """(label, value) pairs the field must refuse, chosen by its declared type."""
    schema = resolve(schema)
    kind, fmt = schema.get("type"), schema.get("format")
    values: list[tuple[str, object]] = [] if schema.get("nullable") else [("null", None)]
    if "enum" in schema:
        values += [("not-a-choice", "not a choice"), ("nul", "\x00"), ("object", {})]
    elif kind == "string" and fmt == "date":
        values += [
            ("year-1", "0001-01-01"),
            ("year-9999", "9999-12-31"),
            ("not-a-date", "31/12/2026"),
            ("list", []),
        ]
    elif kind == "string" and fmt == "date-time":
        values += [("year-1", "0001-01-01T00:00:00Z"), ("year-9999", "9999-12-31T23:59:59Z"), ("object", {})]
    elif kind == "string" and fmt == "decimal":
        values += [("1e308", 1e308), ("2**64", 2**64), ("-2**63", -(2**63)), ("NaN", "NaN"), ("object", {})]
    elif kind == "string" and fmt == "binary":
        values += [("object", {})]
    elif kind == "string":
        values += [("too-long", _too_long(schema)), ("nul", "a\x00b"), ("object", {})]
    elif kind in ("integer", "number"):
        # An id (no declared maximum) that no row has may be looked up after other checks:
        # it must not be a 500, but may be refused for another reason first.
        huge = "" if "maximum" in schema else LOOSE
        values += [
            (f"2**64{huge}", 2**64),
            (f"-2**63{huge}", -(2**63)),
            ("1e308", 1e308),
            ("text", "twelve"),
            ("true", True),
        ]
    elif kind == "boolean":
        values += [("text", "maybe"), ("object", {})]
    elif kind == "array":
        values += [("object", {}), ("text", "x")]
        item = resolve(schema.get("items", {}))
        if item.get("properties"):
            for sub, sub_schema in item["properties"].items():
                if not sub_schema.get("readOnly"):
                    values += [
                        (f"[0].{sub}={label}", [{sub: value}]) for label, value in hostile_values(sub_schema)
                    ]
        else:
            values += [(f"[0]={label}", [value]) for label, value in hostile_values(item)]
    elif schema.get("properties"):
        values += [("list", [])]
        for sub, sub_schema in schema["properties"].items():
            if not sub_schema.get("readOnly"):
                values += [(f"{sub}={label}", {sub: value}) for label, value in hostile_values(sub_schema)]
    else:  # free-form JSON: anything goes in, but not anything at all
        # (what is inside is checked by its own rules, which name their own paths)
        values += [(f"too-long{LOOSE}", {"x": "x" * 1_000_001}), (f"nul{LOOSE}", {"a\x00": "b\x00"})]
    return values


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# Bodies that are wrong as a whole: each a 400 naming the body (`non_field_errors`) or a
# parse error.
BODIES = {
    "a list": "[]",
    "a string": '"text"',
    "a number": "42",
    "null": "null",
    "nested 200 deep": '{"x": ' + _deep(200) + "}",
    "raw NaN": '{"x": NaN}',
    "raw Infinity": '{"x": -Infinity}',
}
assert MAX_DEPTH < 200


def _raw(body) -> str:
    """JSON text; ASCII, so a lone surrogate travels as the escape `\\ud800` an attacker sends."""
    return json.dumps(body, allow_nan=True)


# --- The district's rows ------------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    """Rows per table of the active district's schema, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        )
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute(" UNION ALL ".join(f'SELECT %s, count(*) FROM "{t}"' for t in tables), tables)
        return dict(cursor.fetchall())


# --- The world: the riverside demo, seeded once for the module ----------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, riverside):
    """The riverside demo as `seed_demo` makes it, so each write's path leads to a real row.
    Seeded once inside a transaction the module rolls back; each test runs in a savepoint
    within it, as every other test does."""
    from accounts.models import User
    from demo.districts import RIVERSIDE
    from demo.seed import seed_district

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            connection.set_schema_to_public()
            seed_district(RIVERSIDE, log=lambda *args: None)
            connection.set_tenant(riverside)
            settle_constraints()
            yield {role: User.objects.get(email=f"{role}@riverside.example.org") for role in ROLES}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _no_throttle(monkeypatch):
    """One person sends about a thousand requests here in a few seconds; the API's rate limits
    are another suite's business (tests/core, tests/security)."""
    from rest_framework.views import APIView

    monkeypatch.setattr(APIView, "get_throttles", lambda self: [])


def _fill_path(client, template: str) -> str:
    """The path with real ids: the first row the client lists for the resource's own id,
    the first row of the model behind a nested id."""
    from django.apps import apps

    resource = template.split("/")[3]
    values = {}
    for position, name in enumerate(re.findall(r"{(\w+)}", template)):
        if name in NESTED_IDS:
            first = apps.get_model(*NESTED_IDS[name]).objects.order_by("pk").first()
            values[name] = first.pk if first else 1
        elif position == 0:
            response = client.get(f"/api/v1/{resource}/")
            rows = response.json().get("results", []) if response.status_code == 200 else []
            values[name] = rows[0]["id"] if rows and isinstance(rows[0], dict) and "id" in rows[0] else 1
        else:
            values[name] = 1
    return template.format(**values)


def _send(client, operation: Operation, path: str, raw: str):
    return client.generic(operation.method.upper(), path, raw, content_type="application/json")


def _named(response, name: str) -> bool:
    fields = response.json()["error"]["fields"]
    return any(key == name or key.startswith((f"{name}.", f"{name}[")) for key in fields)


def _problem(response, name: str | None, label: str = "") -> str | None:
    """Why this answer to a hostile body is wrong, or None when it is right."""
    if response.status_code >= 500:
        return f"{response.status_code} {response.content[:200]!r}"
    if label.endswith(LOOSE) and 400 <= response.status_code < 500:
        body = response.json()
        return (
            None
            if set(body.get("error", {})) == {"code", "message", "fields"}
            else f"not the error body: {body}"
        )
    if response.status_code != 400:
        return f"{response.status_code} (accepted or refused without validating) {response.content[:200]!r}"
    body = response.json()
    if set(body) != {"error"} or set(body["error"]) != {"code", "message", "fields"}:
        return f"not the error body: {body}"
    if name is None:
        if body["error"]["code"] != "parse_error" and "non_field_errors" not in body["error"]["fields"]:
            return f"does not name the body: {body['error']}"
    elif not _named(response, name):
        return f"does not name {name!r}: {body['error']['fields']}"
    if b"\\ud800" in response.content.lower():
        return "echoes the lone surrogate"
    return None


def _wrong_type(schema: dict):
    """A value of the wrong type for the field, or for each field of its items, so that a
    service that checks the items itself (after deciding who may write) is reached too."""
    schema = resolve(schema)
    item = resolve(schema.get("items", {})) if schema.get("type") == "array" else {}
    if item.get("properties"):
        return [{key: {"wrong": "type"} for key in item["properties"]}]
    return {"wrong": "type"}


# Which role reaches each operation's validation, and where: found once per module.
_REACH: dict[str, tuple[str, str] | None] = {}


def _reach(operation: Operation, demo, api) -> tuple[object, str] | None:
    """(client, path) of the first demo role whose wrong-typed body comes back as a 400
    naming a field: a person allowed to write there. None when no role gets that far."""
    if operation.name not in _REACH:
        _REACH[operation.name] = None
        wrong = {name: _wrong_type(prop) for name, prop in operation.properties.items()}
        # Lists of rows alone when there are any: a service may check the rows after deciding
        # who may write, and a wrong-typed plain field would be refused before that.
        rows = {name: value for name, value in wrong.items() if isinstance(value, list)}
        probe = _raw(rows or wrong or {"x": 1})
        for role in ROLES:
            client = api(demo[role], session=operation.path.startswith(SESSION_ONLY))
            path = _fill_path(client, operation.path)
            response = _send(client, operation, path, probe)
            if response.status_code == 400 and response.json()["error"]["code"] == "invalid":
                _REACH[operation.name] = (role, path)
                break
    reached = _REACH[operation.name]
    if reached is None:
        return None
    role, path = reached
    return api(demo[role], session=operation.path.startswith(SESSION_ONLY)), path


OPERATIONS = write_operations()


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_hostile_fields_are_refused_by_name_and_write_nothing(operation, demo, api):
    reached = _reach(operation, demo, api)
    if reached is None:
        assert operation.name in UNREACHED, f"{operation.name}: no demo role reaches its validation"
        pytest.skip(UNREACHED[operation.name])
    client, path = reached
    per_field = {name: hostile_values(prop) for name, prop in operation.properties.items()}
    failures = []
    before = row_counts()

    rounds = max((len(values) for values in per_field.values()), default=0)
    for round_ in range(rounds):
        chosen = {name: values[round_] for name, values in per_field.items() if round_ < len(values)}
        response = _send(client, operation, path, _raw({name: value for name, (_, value) in chosen.items()}))
        if all(_problem(response, name, label) is None for name, (label, _) in chosen.items()):
            continue
        for name, (label, value) in chosen.items():  # replay one field at a time to name the culprit
            problem = _problem(_send(client, operation, path, _raw({name: value})), name, label)
            if problem:
                failures.append(f"{operation.name} {name}={label}: {problem}")

    for name in operation.properties:  # the parser names only the first, so one field at a time
        problem = _problem(_send(client, operation, path, _raw({name: "\ud800"})), name)
        if problem:
            failures.append(f"{operation.name} {name}=lone surrogate: {problem}")

    for label, raw in BODIES.items():
        problem = _problem(_send(client, operation, path, raw), None)
        if problem:
            failures.append(f"{operation.name} body={label}: {problem}")

    after = row_counts()
    changed = {
        table: (count, after.get(table))
        for table, count in before.items()
        if count != after.get(table) and table != READ_AUDIT
    }
    assert not failures, "\n".join(failures)
    assert not changed, f"{operation.name}: refused requests wrote rows {changed}"


def test_every_write_operation_is_reached():
    """The list of operations the suite cannot reach names only operations that exist."""
    names = {op.name for op in OPERATIONS}
    assert set(UNREACHED) <= names, set(UNREACHED) - names
    assert len(OPERATIONS) > 60, "the schema lost its write operations"


def test_every_string_a_client_writes_has_a_documented_maximum_length():
    """A client generated from the schema knows how long each text may be."""
    unbounded = []

    def walk(name: str, schema: dict):
        schema = resolve(schema)
        typed = schema.get("format") in ("date", "date-time", "decimal", "binary", "email")
        if (
            schema.get("type") == "string"
            and "enum" not in schema
            and not typed
            and "maxLength" not in schema
        ):
            unbounded.append(name)
        for sub, sub_schema in schema.get("properties", {}).items():
            if not sub_schema.get("readOnly"):
                walk(f"{name}.{sub}", sub_schema)
        if schema.get("type") == "array":
            walk(f"{name}[]", schema.get("items", {}))

    for operation in OPERATIONS:
        for name, prop in operation.properties.items():
            walk(f"{operation.name} {name}", prop)
    assert not unbounded, "\n".join(unbounded)
