import pytest

from core.roles import Role
from rostering.services import roster_import_create, roster_import_run
from tests.factories import person


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


@pytest.fixture
def sync(admin):
    """`sync(bundle, dry_run=False)` → the finished import, run in process as the task does."""

    def run(bundle, *, dry_run=False, actor=None):
        roster_import = roster_import_create(
            actor=actor or admin, upload=bundle.as_upload(), dry_run=dry_run, queue=False
        )
        return roster_import_run(roster_import_id=roster_import.pk)

    return run
