"""The frameworks Lodestar ships: the CASE packages (`*.json`) beside this module.

They are imported through the CASE importer (so the importer is exercised for real) into
the template schema, which every new district is cloned from.
"""

import json
from pathlib import Path

from django.conf import settings
from django_tenants.utils import schema_context

from assessments.case.importer import framework_import_case

SHIPPED_DIR = Path(__file__).resolve().parent


def shipped_packages() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.json"))


def template_load_shipped_frameworks() -> list:
    """Import (or refresh in place) every shipped framework into the district template."""
    results = []
    with schema_context(settings.TENANT_BASE_SCHEMA):
        for path in shipped_packages():
            results.append(framework_import_case(actor=None, package=json.loads(path.read_text())))
    return results


def district_add_missing_shipped_frameworks() -> int:
    """In the current district: import the shipped frameworks it does not have yet (for
    districts created before a framework shipped). Never touches ones it has."""
    from assessments.models import Framework

    added = 0
    for path in shipped_packages():
        package = json.loads(path.read_text())
        if not Framework.objects.filter(identifier=package["CFDocument"]["identifier"]).exists():
            framework_import_case(actor=None, package=package)
            added += 1
    return added
