"""`/api/schema/` is built once per code version and then served from memory
(core/openapi_cache.py): the same bytes as a fresh build, with an ETag a client can revalidate."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.test import APIRequestFactory

from core import openapi_cache

pytestmark = pytest.mark.django_db
JSON = "application/vnd.oai.openapi+json"


@pytest.fixture
def builds(monkeypatch):
    """Every time drf-spectacular generates the document (the real generator, counted)."""
    openapi_cache.built_documents_clear()
    made = []
    generate = SchemaGenerator.get_schema

    def counted(self, *args, **kwargs):
        made.append(self)
        return generate(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counted)
    yield made
    openapi_cache.built_documents_clear()


def _fresh(host: str, accept: str) -> bytes:
    """The document as drf-spectacular's own view builds and renders it."""
    request = APIRequestFactory().get("/api/schema/", HTTP_HOST=host, HTTP_ACCEPT=accept)
    response = SpectacularAPIView.as_view()(request)
    return response.render().content


def test_the_document_is_built_once_and_served_unchanged(client, builds):
    first = client.get("/api/schema/", HTTP_HOST="riverside.localhost", HTTP_ACCEPT=JSON)
    again = client.get("/api/schema/", HTTP_HOST="lakeview.localhost", HTTP_ACCEPT=JSON)
    assert first.status_code == again.status_code == 200
    assert len(builds) == 1, "the second request rebuilt the document"
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert "max-age" in again["Cache-Control"]
    assert first["Content-Type"].startswith(JSON)
    assert _fresh("lakeview.localhost", JSON) == first.content  # identical to a fresh build


def test_each_format_is_built_once(client, builds):
    yaml = [client.get("/api/schema/", HTTP_HOST="riverside.localhost") for _ in range(2)]
    json = [client.get("/api/schema/", HTTP_HOST="riverside.localhost", HTTP_ACCEPT=JSON) for _ in range(2)]
    assert len(builds) == 2
    assert yaml[0].content.startswith(b"openapi: 3")
    assert yaml[1].content == yaml[0].content == _fresh("riverside.localhost", "application/vnd.oai.openapi")
    assert json[1].content == json[0].content != yaml[0].content


def test_the_document_is_the_same_on_every_district_host(builds):
    """Why one build serves every district: nothing in it depends on the host."""
    assert _fresh("riverside.localhost", JSON) == _fresh("lakeview.localhost", JSON)


def test_a_client_with_the_etag_gets_not_modified(client, builds):
    etag = client.get("/api/schema/", HTTP_HOST="riverside.localhost")["ETag"]
    again = client.get("/api/schema/", HTTP_HOST="riverside.localhost", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_new_code_builds_the_document_again(client, builds, monkeypatch):
    client.get("/api/schema/", HTTP_HOST="riverside.localhost")
    monkeypatch.setattr(openapi_cache, "code_version", lambda: "the next deploy")
    client.get("/api/schema/", HTTP_HOST="riverside.localhost")
    assert len(builds) == 2


def test_odd_query_parameters_neither_change_the_document_nor_fill_memory(client, builds, monkeypatch):
    plain = client.get("/api/schema/", HTTP_HOST="riverside.localhost").content
    for n in range(20):
        odd = client.get("/api/schema/", {"version": f"v{n}"}, HTTP_HOST="riverside.localhost")
        assert odd.content == plain
    assert len(builds) == 1
    monkeypatch.setattr(openapi_cache, "MAX_BUILT", 2)
    for n in range(3):
        client.get("/api/schema/", {"lang": f"x{n}"}, HTTP_HOST="riverside.localhost")
    assert len(openapi_cache._built) <= 2
