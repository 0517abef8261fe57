"""The official 1EdTech CASE schemas (shared/standards/case/), as validators for the tests.

The CFPackage JSON schemas are used as published (1.0: draft 4, 1.1: draft 2019-09). The
OpenAPI's component schemas are OpenAPI 3.0 schema objects, a subset of JSON Schema: each
response is checked against `#/components/schemas/<name>` of the whole OpenAPI document,
so every $ref inside resolves against it.
"""

import json
from functools import cache
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

STANDARDS = Path(__file__).resolve().parents[3].parent / "shared" / "standards" / "case"
if not STANDARDS.is_dir():  # a worktree beside /work/main, or main itself
    STANDARDS = Path("/work/shared/standards/case")
OPENAPI_URI = "urn:1edtech:case:v1p1:openapi"


def _load(name: str) -> dict:
    return json.loads((STANDARDS / name).read_text())


@cache
def package_validator(version: str):
    schema = _load(f"case-v{version.replace('.', 'p')}-cfpackage.json")
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft4Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@cache
def _openapi_registry() -> Registry:
    resource = Resource.from_contents(_load("imscasev1p1_openapi3_v1p0.json"), default_specification=DRAFT4)
    return Registry().with_resource(OPENAPI_URI, resource)


def openapi_validator(component: str):
    return jsonschema.Draft4Validator(
        {"$ref": f"{OPENAPI_URI}#/components/schemas/{component}"},
        registry=_openapi_registry(),
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
    )


def problems(validator, instance) -> list[str]:
    """Every violation, as `path: message`, so a failure says where."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message[:300]}"
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    ]


def openapi_enum(component: str, field: str) -> list[str]:
    return _load("imscasev1p1_openapi3_v1p0.json")["components"]["schemas"][component]["properties"][field][
        "enum"
    ]
