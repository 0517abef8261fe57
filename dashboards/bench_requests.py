"""`make bench`'s per-request section: requests per second of `/healthz`, `/api/schema/` and a
list endpoint, with persistent database connections (`CONN_MAX_AGE` 60) and with a connection
per request (0), side by side (docs/operations.md, "PgBouncer and persistent connections").

Requests go through Django's WSGI handler, with its request_started / request_finished
signals, which is where connections are closed or kept (the test client switches that off).
Each endpoint runs the two settings in alternating short rounds, so load on a shared machine
falls on both alike; the ratios are what to compare.
"""

import io
import sys
import time
from datetime import timedelta

from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone
from drf_spectacular.views import SpectacularAPIView
from rest_framework.test import APIRequestFactory

from accounts.services import api_token_create, api_token_revoke

ROUNDS = 4
ROUND_SECONDS = 0.6
SETTINGS = {"persistent (CONN_MAX_AGE=60)": 60, "per request (CONN_MAX_AGE=0)": 0}


def per_request_section(*, host: str, actor) -> list[str]:
    """Markdown lines; runs about 20 s. `actor` (a district administrator) reads the list."""
    issued = api_token_create(actor=actor, name="bench", expires_at=timezone.now() + timedelta(minutes=10))
    bearer = {"HTTP_AUTHORIZATION": "Bearer " + issued.secret}
    endpoints = [
        ("`/healthz`", "/healthz", {}),
        ("`/api/schema/` (built once, then cached)", "/api/schema/", {}),
        ("`/api/v1/schools/` (a list)", "/api/v1/schools/", bearer),
    ]
    application = WSGIHandler()
    kept = connection.settings_dict["CONN_MAX_AGE"]
    rows = []
    try:
        # The bench's own traffic is far above the per-person and per-address API limits.
        with override_settings(API_RATE_USER="100000000/minute", API_RATE_ANON="100000000/minute"):
            for label, path, headers in endpoints:
                rates = _rates(application, host, path, headers)
                rows.append((label, *rates.values()))
            build_seconds = _one_build(host)
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = kept
        connection.close()
        api_token_revoke(actor=actor, token=issued.token)
    return [
        "## Per request: persistent connections, the OpenAPI document",
        "",
        f"Requests per second through Django's WSGI handler, {ROUNDS} alternating rounds of "
        f"{ROUND_SECONDS} s per setting (dashboards/bench_requests.py).",
        "",
        "| endpoint | " + " | ".join(f"{name} req/s" for name in SETTINGS) + " | persistent ÷ per request |",
        "|---|---:|---:|---:|",
        *[f"| {label} | {kept:.0f} | {fresh:.0f} | {kept / fresh:.2f} |" for label, kept, fresh in rows],
        "",
        f"- Building the OpenAPI document once (what every `/api/schema/` request cost before it was "
        f"cached): {build_seconds * 1000:.0f} ms, {rows[1][1] * build_seconds:.0f} times the cached request.",
        "",
    ]


def _rates(application, host, path, headers) -> dict[str, float]:
    counted = {name: [0, 0.0] for name in SETTINGS}
    for max_age in SETTINGS.values():  # warm up: the first schema request builds it
        _switch(max_age)
        _request(application, host, path, headers)
    for _ in range(ROUNDS):
        for name, max_age in SETTINGS.items():
            _switch(max_age)
            started = time.perf_counter()
            while time.perf_counter() - started < ROUND_SECONDS:
                _request(application, host, path, headers)
                counted[name][0] += 1
            counted[name][1] += time.perf_counter() - started
    return {name: requests / seconds for name, (requests, seconds) in counted.items()}


def _switch(max_age: int) -> None:
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = max_age


def _request(application, host, path, headers) -> None:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "HTTP_ACCEPT": "application/json",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        **headers,
    }
    status = []
    response = application(environ, lambda line, response_headers, *rest: status.append(line))
    b"".join(response)
    response.close()
    if not status[0].startswith("200"):
        raise RuntimeError(f"{path} answered {status[0]}")


def _one_build(host: str) -> float:
    request = APIRequestFactory().get("/api/schema/", HTTP_HOST=host)
    started = time.perf_counter()
    SpectacularAPIView.as_view()(request).render()
    return time.perf_counter() - started
