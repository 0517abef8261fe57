"""Every API operation by the scopes that open it, generated from the URL conf.

For each route and method: a client holding every scope EXCEPT those that open it gets a 403
(before any lookup); a client holding one scope that opens it is let through (whatever the
answer then is: 200, 400 for an empty body, 404 for a made-up id, never 401, 403 or 500).
"""

import re

import pytest
from django.urls import get_resolver

from core.permissions import SCOPE_MATRIX
from integrations.operations import operation_action, scopes_for_action

pytestmark = pytest.mark.django_db

MISSING_ID = "999999"
METHODS = ("get", "post", "put", "patch", "delete")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def _path(route: str) -> str:
    route = re.sub(r"\(\?P<collection>[^)]*\)", "CFItems", route)
    route = re.sub(r"\(\?P<identifier>[^)]*\)", "00000000-0000-0000-0000-000000000000", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", MISSING_ID, route)
    route = re.sub(r"<(\w+:)?\w+>", MISSING_ID, route)
    return "/" + route.replace("^", "").replace("$", "").replace("/?", "/")


class _Probe:
    """Just enough of a view instance for operation_action: its class, its viewset action."""


def operations():
    table = []
    for route, callback in _routes(get_resolver("config.urls_tenant").url_patterns):
        if not route.startswith(("api/v1/", "ims/case/")) or not hasattr(callback, "cls"):
            continue
        actions = getattr(callback, "actions", None)
        methods = list(actions) if actions else [m for m in METHODS if hasattr(callback.cls, m)]
        for method in methods:
            view = callback.cls(**getattr(callback, "initkwargs", {}))
            view.action = actions[method] if actions else None
            scopes = scopes_for_action(operation_action(view, method.upper()))
            table.append((method.upper(), _path(route), tuple(scopes)))
    return table


OPERATIONS = operations()


def test_the_table_covers_the_api():
    paths = {path for _method, path, _scopes in OPERATIONS}
    assert len(OPERATIONS) > 150
    assert "/api/v1/people/" in paths and "/ims/case/v1p1/CFDocuments/" in paths
    opened = {(method, path): scopes for method, path, scopes in OPERATIONS}
    # A few read in words, so that the generated table cannot drift unnoticed.
    assert opened[("GET", "/api/v1/people/")] == ("roster:read", "roster:write")
    assert opened[("POST", "/api/v1/people/")] == ("roster:write",)
    assert opened[("GET", "/api/v1/self-assessments/summary/")] == ("assessments:aggregate",)
    assert opened[("GET", "/api/v1/self-assessments/")] == ()
    assert opened[("GET", f"/api/v1/self-assessments/{MISSING_ID}/")] == ()
    assert opened[("GET", "/api/v1/coaching-cycles/")] == ("coaching:read",)
    assert opened[("GET", "/ims/case/v1p1/CFDocuments/")] == (
        "frameworks:read",
        "frameworks:write",
        "assessments:aggregate",
        "https://purl.imsglobal.org/spec/case/v1p0/scope/core.readonly",
    )
    assert opened[("POST", "/api/v1/integration-clients/")] == ()
    assert opened[("POST", "/api/v1/tokens/")] == ()


@pytest.mark.parametrize(("method", "path", "scopes"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_operation_is_open_exactly_to_its_scopes(method, path, scopes, client_token, as_client):
    others = [scope for scope in SCOPE_MATRIX if scope not in scopes]
    refused = as_client(client_token(others)).generic(method, path, "{}", content_type="application/json")
    assert refused.status_code == 403, (refused.status_code, refused.content[:300])
    if scopes:
        allowed = as_client(client_token([scopes[0]])).generic(
            method, path, "{}", content_type="application/json"
        )
        assert allowed.status_code not in (401, 403, 500), (allowed.status_code, allowed.content[:300])
