"""Content-Security-Policy helpers (the policy itself is CONTENT_SECURITY_POLICY in settings;
docs/security/content-security-policy.md).

Browsers post what the policy refused to /csp-report/; each report becomes one warning in the
log, so a page that breaks the policy in production is seen, not silently half-working.
"""

import json
import logging
from urllib.parse import urlsplit, urlunsplit

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("lodestar.csp")

# A report is a few hundred bytes; anything far larger is not one, and is not read.
MAX_REPORT_BYTES = 16 * 1024
FIELD_LIMIT = 300


def _without_query(url: object) -> str:
    """The address without its query or fragment, which may carry tokens or personal data."""
    if not isinstance(url, str):
        return ""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))[:FIELD_LIMIT]


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log a browser's violation report (application/csp-report or reports+json); 204 always,
    400 for a body that is not a report."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    reports = body if isinstance(body, list) else [body]
    for entry in reports:
        if not isinstance(entry, dict):
            return HttpResponse(status=400)
        report = entry.get("csp-report") or entry.get("body")
        if not isinstance(report, dict):
            return HttpResponse(status=400)
        logger.warning(
            "Content-Security-Policy refused %s on %s (%s)",
            _without_query(report.get("blocked-uri") or report.get("blockedURL")),
            _without_query(report.get("document-uri") or report.get("documentURL")),
            str(report.get("violated-directive") or report.get("effectiveDirective") or "")[:FIELD_LIMIT],
        )
    return HttpResponse(status=204)


def form_targets(urls: list[str]) -> list[str]:
    """The origins of `urls`, for a page whose forms go on (by redirect) to another site, such
    as the sign-in page's identity providers: Chromium applies form-action to redirects too."""
    origins = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return sorted(set(origins))
