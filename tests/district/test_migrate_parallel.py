"""migrate_schemas migrates the districts that are behind in parallel processes, each stamped
after (district/migrating.py), run for real on committed data: forked processes cannot see
a test's transaction, so this module is not in one."""

import os
import subprocess
import sys

from django.conf import settings
from django.db import connection

from district.migration_state import code_migration_state
from district.models import District
from tests.district.test_migrate_at_scale import _forget_sign_in_counter


def _environment() -> dict:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{host}/{db['NAME']}",
        "TEST_REDIS_URL": settings.REDIS_URL,
    }


def test_districts_behind_are_migrated_in_parallel_processes_and_stamped(django_db_setup, django_db_blocker):
    """The pool of workers for real: a separate `manage.py migrate_schemas --workers 2`
    on committed data (forked processes cannot see a test's transaction)."""
    with django_db_blocker.unblock():
        assert connection.settings_dict["NAME"].startswith("test_")
        connection.set_schema_to_public()
        for schema in ("riverside", "lakeview"):
            _forget_sign_in_counter(schema, drop_table=True)
        finished = subprocess.run(
            [sys.executable, "manage.py", "migrate_schemas", "--tenant", "--workers", "2", "--noinput"],
            cwd=settings.BASE_DIR,
            env=_environment(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert finished.returncode == 0, finished.stdout + finished.stderr
        assert "districts: 2 of 3 to migrate, 2 at a time" in finished.stdout
        for schema in ("riverside", "lakeview"):
            assert f"{schema}: 1 migration applied" in finished.stdout, finished.stdout
        districts = District.objects.filter(schema_name__in=["riverside", "lakeview"])
        assert {(d.migration_state, d.is_migrating) for d in districts} == {(code_migration_state(), False)}
