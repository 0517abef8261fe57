"""The OpenAPI schema is generated without a warning and validates: a warning means an
endpoint whose errors or fields the documentation gets wrong or names ambiguously."""

import pytest
from django.core.management import call_command

from core.roles import Role
from tests.factories import person


def test_openapi_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3")


@pytest.mark.django_db
def test_a_format_suffix_on_an_action_is_a_404_not_a_500(api):
    client = api(person(Role.TEACHER))
    assert client.post("/api/v1/goals/1/activate.json/", {}, format="json").status_code == 404
    assert client.get("/api/v1/schools.json").status_code == 404
    assert client.get("/api/v1/schools/", {"format": "json"}).status_code == 200
