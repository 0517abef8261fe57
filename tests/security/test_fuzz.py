"""Schemathesis over every operation of the OpenAPI document, as a teacher and as a district
administrator of riverside (the demo district's data): no server error, and every answer as
the document says (status code, content type, body). See docs/security/api-schema.md.

`FUZZ_EXAMPLES` (default 2) generated requests per operation, each sent as every role,
derandomized, so `make test` gives the same cases each run; `make fuzz` runs 200.

One test per operation sends each generated case as each role (in a savepoint of its own, so
one role's write never changes what the next one sees): a test per operation and role
generated every case twice and paid each test's set-up twice. A failure names the role first."""

import os

import pytest
import schemathesis
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings
from rest_framework.views import APIView
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from demo.districts import RIVERSIDE
from tests.factories import token_for
from tests.security.api_schema import InProcessApi, openapi_document, rolled_back, seed_demo_district
from tests.support import settle_constraints

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
HOST = "http://riverside.localhost"

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 15,
        "generation": {
            "max-examples": EXAMPLES,
            "mode": "all",
            # Our own token goes with every request; a generated Authorization header
            # would only test the 401, which tests/accounts covers.
            "with-security-parameters": False,
        },
        "phases": {"examples": {"enabled": False}, "coverage": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)
schema.app = InProcessApi()

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ROLES = {"teacher": "teacher@riverside.example.org", "admin": "admin@riverside.example.org"}


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, media_root):
    """The demo's evidence files stay where the seed wrote them for the whole module."""
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def demo_tokens(django_db_setup, django_db_blocker, riverside, media_root):
    """riverside with the demo district's data, and an API token for each role's person."""
    from accounts.models import User

    with rolled_back(django_db_blocker), override_settings(MEDIA_ROOT=media_root):
        seed_demo_district(RIVERSIDE, riverside)
        tokens = {role: token_for(User.objects.get(email=email)) for role, email in ROLES.items()}
        settle_constraints()
        yield tokens


@pytest.fixture
def unthrottled(monkeypatch):
    """The fuzz budget is more requests a minute than API_RATE_USER allows one person; the
    throttles have their own tests."""
    monkeypatch.setattr(APIView, "get_throttles", lambda self: [])


@pytest.mark.django_db
# One parameter holding both roles: without a pytest parameter of its own, Schemathesis gives
# every operation's test the same node id, and pytest-xdist then runs only one of them.
@pytest.mark.parametrize("roles", [tuple(ROLES)], ids=["-".join(ROLES)])
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, roles, demo_tokens, unthrottled):
    for role in roles:
        try:
            with transaction.atomic():
                case.call_and_validate(
                    base_url=HOST, headers={"Authorization": f"Bearer {demo_tokens[role]}"}, checks=CHECKS
                )
                transaction.set_rollback(True)
        except FailureGroup as failure:
            # Schemathesis reports the group's message and drops notes: the role goes first.
            named = FailureGroup(
                list(failure.exceptions), f"As the {role} ({ROLES[role]}): {failure.message}"
            )
            named.__notes__ = list(getattr(failure, "__notes__", []))
            raise named.with_traceback(failure.__traceback__) from None
