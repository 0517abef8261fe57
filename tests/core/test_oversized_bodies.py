"""A body over the size limit: on the API a 413 with the JSON error naming the limit; on pages
a short HTML page saying the same."""

import json

import pytest
from django.conf import settings

from core.roles import Role
from tests.factories import person
from tests.support import HOST

pytestmark = pytest.mark.django_db


def test_an_oversized_json_body_is_a_json_413_naming_the_limit(api):
    client = api(person(Role.TEACHER))
    body = json.dumps({"reflection": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = client.post("/api/v1/goals/", body, content_type="application/json")
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large"
    assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}" in error["message"]


def test_an_oversized_form_on_a_page_is_an_html_413(client):
    client.force_login(person(Role.TEACHER))
    response = client.post(
        "/goals/new/", {"title": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}, HTTP_HOST=HOST
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "too large" in response.content.decode()
