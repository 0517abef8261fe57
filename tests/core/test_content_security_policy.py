"""The Content-Security-Policy header on every answer, the pages' templates free of inline
code, the sign-in page's allowance for identity providers, and the violation reports
(core/csp.py; docs/security/content-security-policy.md). The browser tests check that no page
breaks the policy (tests/browser/conftest.py)."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings

from core.roles import Role
from identity.models import IdentityProvider
from tests.factories import person
from tests.support import HOST, get

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; report-uri /csp-report/"
)


def directives(policy: str) -> dict[str, list[str]]:
    return {name: rest for name, *rest in (part.split() for part in policy.split(";") if part.strip())}


def test_pages_the_api_and_the_operators_admin_all_carry_the_strict_policy(client, api):
    teacher = person(Role.TEACHER)
    client.force_login(teacher)
    answers = [
        get(client, "/"),
        api(teacher).get("/api/v1/goals/"),
        client.get("/admin/login/", HTTP_HOST="localhost"),
        client.get("/accounts/login/", HTTP_HOST=HOST),
    ]
    for answer in answers:
        assert directives(answer["Content-Security-Policy"]) == directives(STRICT), answer.request[
            "PATH_INFO"
        ]


def test_no_page_template_carries_inline_code_or_style_attributes():
    """Emails are exempt: mail clients ignore style sheets, and their preview's frame has a
    policy of its own."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>")
    found = []
    for template in ROOT.glob("*/templates/**/*.html"):
        if "/email/" in str(template) or template.is_relative_to(ROOT / ".venv"):
            continue
        text = template.read_text()
        for pattern in (
            inline_script,
            re.compile(r"\sstyle=\""),
            re.compile(r"\son[a-z]+=\""),
            re.compile(r"<style"),
        ):
            found += [f"{template.relative_to(ROOT)}: {match.group(0)}" for match in pattern.finditer(text)]
    assert not found, found


def test_the_sign_in_page_lets_forms_go_on_to_the_districts_identity_providers_only(client):
    for slug, issuer, enabled in (
        ("example", "https://login.example.net/tenant/v2.0", True),
        ("off", "https://accounts.off.example", False),
    ):
        IdentityProvider.objects.create(
            kind="oidc",
            name=slug,
            slug=slug,
            issuer=issuer,
            client_id="x",
            client_secret="y",
            enabled=enabled,
        )
    policy = directives(get(client, "/accounts/login/")["Content-Security-Policy"])
    assert policy["form-action"] == ["'self'", "https://login.example.net"]
    assert policy["script-src"] == ["'self'"]
    assert directives(get(client, "/accounts/password-reset/")["Content-Security-Policy"])["form-action"] == [
        "'self'"
    ]


def test_a_browsers_violation_report_is_logged_without_the_query(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://riverside.example/goals/?token=secret",
            "blocked-uri": "inline",
            "violated-directive": "script-src-elem",
        }
    }
    with caplog.at_level(logging.WARNING, logger="lodestar.csp"):
        answer = client.post(
            "/csp-report/", json.dumps(report), content_type="application/csp-report", HTTP_HOST=HOST
        )
    assert answer.status_code == 204
    (logged,) = [r.getMessage() for r in caplog.records if r.name == "lodestar.csp"]
    assert (
        logged
        == "Content-Security-Policy refused inline on https://riverside.example/goals/ (script-src-elem)"
    )


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b'["x"]', 400),
        (b'{"csp-report": "x"}', 400),
        (json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}}).encode(), 413),
    ],
)
def test_what_is_not_a_report_is_refused(client, body, status):
    answer = client.post("/csp-report/", body, content_type="application/csp-report", HTTP_HOST=HOST)
    assert answer.status_code == status


def test_reports_are_posted_only(client):
    assert client.get("/csp-report/", HTTP_HOST=HOST).status_code == 405
