"""The OpenAPI schema is generated without a warning and validates: a warning means an
endpoint whose errors or fields the documentation gets wrong or names ambiguously."""

from django.core.management import call_command


def test_openapi_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3")
