"""The official Open Badges 3.0 schemas (shared/standards/ob3/, beside the checkout: see its
README for where each file comes from), as validators. Missing files fail the test loudly."""

import functools
import json
from pathlib import Path

from jsonschema import Draft201909Validator, Draft202012Validator


def _standards() -> Path:
    here = Path(__file__).resolve()
    for folder in here.parents:
        candidate = folder / "shared" / "standards" / "ob3" / "schema"
        if candidate.is_dir():
            return candidate
    fixed = Path("/work/shared/standards/ob3/schema")  # a fresh clone elsewhere on this machine (CI)
    if fixed.is_dir():
        return fixed
    raise AssertionError("shared/standards/ob3/schema not found beside the checkout")


@functools.cache
def schema(name: str) -> dict:
    return json.loads((_standards() / name).read_text())


def assert_valid(document, name: str) -> None:
    """`document` validates against the official JSON schema `name` (e.g. profile.json)."""
    validator = Draft201909Validator(schema(name))
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
    assert not errors, f"{name}: " + "; ".join(f"{list(e.path)}: {e.message[:200]}" for e in errors[:5])


def assert_valid_openapi(document, component: str) -> None:
    """`document` validates against components/schemas/`component` of the official OpenAPI."""
    openapi = schema("openapi.json")
    wrapper = {"$ref": f"#/components/schemas/{component}", "components": openapi["components"]}
    errors = list(Draft202012Validator(wrapper).iter_errors(document))
    assert not errors, f"{component}: " + "; ".join(f"{list(e.path)}: {e.message[:200]}" for e in errors[:5])
