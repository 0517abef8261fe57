"""Schemathesis over every operation of the OpenAPI document, as a teacher and as a district
administrator of riverside (the demo district's data): no server error, and every answer as
the document says (status code, content type, body). See docs/security/api-schema.md.

`FUZZ_EXAMPLES` (default 2) generated requests per operation and role, derandomized, so
`make test` gives the same cases each run; `make fuzz` runs 200."""

import os

import pytest
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, settings
from rest_framework.views import APIView
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from demo.districts import RIVERSIDE
from tests.factories import token_for
from tests.security.api_schema import InProcessApi, openapi_document, rolled_back, seed_demo_district

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
        yield {role: token_for(User.objects.get(email=email)) for role, email in ROLES.items()}


@pytest.fixture
def unthrottled(monkeypatch):
    """The fuzz budget is more requests a minute than API_RATE_USER allows one person; the
    throttles have their own tests."""
    monkeypatch.setattr(APIView, "get_throttles", lambda self: [])


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, role, demo_tokens, unthrottled):
    case.call_and_validate(
        base_url=HOST, headers={"Authorization": f"Bearer {demo_tokens[role]}"}, checks=CHECKS
    )
