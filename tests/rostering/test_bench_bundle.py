"""The benchmark's generated roster is a valid bundle that syncs, and re-syncs to nothing,
so `make bench` times the real work (the timings themselves are in BENCHMARKS.md)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rostering.management.commands.bench_roster import generated_bundle
from rostering.services import roster_import_create, roster_import_run

pytestmark = pytest.mark.django_db


def test_generated_bundle_syncs_then_resyncs_to_nothing(admin):
    data = generated_bundle(staff=40, schools=5, students=6)
    results = []
    for _ in range(2):
        created = roster_import_create(
            actor=admin, upload=SimpleUploadedFile("b.zip", data), dry_run=False, queue=False
        )
        results.append(roster_import_run(roster_import_id=created.pk))
    first, again = results
    assert first.status == "applied", first.errors
    assert first.counts["people_created"] == 40 and first.counts["schools_created"] == 5
    assert first.counts["skipped_by_reason"] == {"student": 6}
    assert again.counts["people_created"] == again.counts["people_changed"] == 0
    assert again.counts["memberships_added"] == 0
