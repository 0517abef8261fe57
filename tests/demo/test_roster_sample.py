"""riverside's sample OneRoster bundle matches the district it was built from: its dry
run is valid and shows links, changes, a new school and newcomers, and skips non-staff."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.roles import Role
from demo.roster import sample_bundle
from rostering.services import roster_import_create, roster_import_run
from tests.factories import SchoolFactory, person

pytestmark = pytest.mark.django_db


def test_sample_bundle_dry_run_shows_a_meaningful_diff():
    school = SchoolFactory(code="RBE", name="Riverbend Elementary School")
    admin = person(Role.DISTRICT_ADMIN)
    staff = [person(Role.TEACHER, school) for _ in range(8)] + [person(Role.SCHOOL_LEADER, school)]
    upload = SimpleUploadedFile("sample.zip", sample_bundle("riverside.example.org"))
    roster_import = roster_import_create(actor=admin, upload=upload, queue=False)
    done = roster_import_run(roster_import_id=roster_import.pk)
    assert done.status == "planned", done.errors
    assert done.version == "1.2"
    counts = done.counts
    assert counts["schools_created"] == 1 and counts["schools_changed"] == 1
    assert counts["people_created"] == 3
    assert counts["people_changed"] == len(staff) - 1  # linked to their SIS ids, one renamed
    assert counts["people_deactivated"] == 1
    assert counts["skipped_by_reason"] == {"student": 2, "guardian": 1}
