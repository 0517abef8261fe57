"""`make bench`'s per-request section runs and prints a row per endpoint with both settings
and their ratio (dashboards/bench_requests.py), here with very short rounds."""

import pytest

from tests.core.test_persistent_connections import run_in_process

SECTION = r"""
import json
import django
django.setup()
from django_tenants.utils import tenant_context
from core.roles import Role
from dashboards import bench_requests
from district.models import District
from tests.factories import person

bench_requests.ROUNDS, bench_requests.ROUND_SECONDS = 1, 0.05
riverside = District.objects.get(schema_name="riverside")
with tenant_context(riverside):
    admin = person(Role.DISTRICT_ADMIN, email="bench-section@riverside.example.org")
    try:
        lines = bench_requests.per_request_section(host="riverside.localhost", actor=admin)
    finally:
        admin.delete()
print(json.dumps(lines))
"""


@pytest.mark.django_db
def test_the_section_measures_each_endpoint_both_ways():
    lines = run_in_process(SECTION)
    rows = [line for line in lines if line.startswith("| `")]
    assert [row.split(" | ")[0] for row in rows] == [
        "| `/healthz`",
        "| `/api/schema/` (built once, then cached)",
        "| `/api/v1/schools/` (a list)",
    ]
    for row in rows:
        kept, fresh, ratio = (float(cell) for cell in row.strip(" |").split(" | ")[1:])
        assert kept > 0 and fresh > 0
        assert ratio == pytest.approx(kept / fresh, rel=0.05)
    assert any("Building the OpenAPI document once" in line for line in lines)
