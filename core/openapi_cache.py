"""The OpenAPI document, built once per process and code version and then served from memory.

drf-spectacular builds it on every request to `/api/schema/` (1.3-1.5 s of CPU, ~480 KB), which
needs no sign-in. It depends only on the code and settings, not on the district or the person
asking (the same on every host, checked by tests/core/test_api_schema_cache.py), so each
rendering (YAML or JSON, per `lang`) is kept under the code version (`code_version`): a deploy
is new code, hence a new build. Responses carry an ETag, and a client that has it gets a 304.
"""

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView
from rest_framework.settings import api_settings

# How long a client or proxy may reuse the document before asking again (with its ETag).
MAX_AGE_SECONDS = 300
_NOT_CODE = {"tests", "docs", "media", "staticfiles", "node_modules", "__pycache__"}


@cache
def code_version() -> str:
    """The deployed code's version: RELEASE when the deploy sets it, else a digest of the
    Python files (computed once per process, the first time the document is asked for)."""
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(settings.BASE_DIR):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in _NOT_CODE)
        for name in sorted(f for f in files if f.endswith(".py")):
            path = Path(folder, name)
            digest.update(f"{path.relative_to(settings.BASE_DIR)}\0".encode() + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Built:
    body: bytes
    content_type: str
    disposition: str
    etag: str


# A handful of renderings (YAML, JSON, a language or two); a request naming languages one
# after another cannot grow memory past this, it only costs builds as before the cache.
MAX_BUILT = 8
_built: dict[tuple, Built] = {}


def built_documents_clear() -> None:
    _built.clear()


class CachedSchemaView(SpectacularAPIView):
    @extend_schema(**SCHEMA_KWARGS)
    def get(self, request, *args, **kwargs):
        key = (
            code_version(),
            request.accepted_media_type,
            request.GET.get("lang") if settings.USE_I18N else None,
            self.api_version or request.version or self._get_version_parameter(request),
        )
        built = _built.get(key)
        if built is None:
            if len(_built) >= MAX_BUILT:
                _built.clear()
            built = _built[key] = self._build(request, *args, **kwargs)
        if built.etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(built.body, content_type=built.content_type)
            response["Content-Disposition"] = built.disposition
        response["ETag"] = built.etag
        response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
        response["Vary"] = "Accept"
        return response

    def _get_version_parameter(self, request):
        """`?version=` counts only when the API declares versions (Lodestar's does not):
        drf-spectacular otherwise takes any string and writes it into the document."""
        version = request.GET.get("version")
        return version if version in (api_settings.ALLOWED_VERSIONS or ()) else None

    def _build(self, request, *args, **kwargs) -> Built:
        response = super().get(request, *args, **kwargs)
        renderer = request.accepted_renderer
        body = renderer.render(response.data, request.accepted_media_type, {"request": request, "view": self})
        content_type = request.accepted_media_type
        if renderer.charset:
            content_type = f"{content_type}; charset={renderer.charset}"
        return Built(
            body=body,
            content_type=content_type,
            disposition=response["Content-Disposition"],
            etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"',
        )
