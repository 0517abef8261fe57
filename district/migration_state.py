"""The migration state of a schema, as one fingerprint.

A schema that `migrate_schemas` brought fully up to date holds every migration the code
has, so its state is a hash of the code's migration names. It is recorded where one query
can compare it: `District.migration_state` for districts, `SchemaState` for the template and
the spares. `migrate_schemas` skips every district whose recorded state is the code's, and
provisioning hands out only spares cloned at the code's state.
"""

import functools
import hashlib

from django.db.migrations.loader import MigrationLoader


@functools.cache
def code_migration_state() -> str:
    """sha256 of every migration on disk ("app.name", sorted). Computed once per process:
    the code does not change under a running process."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = sorted(f"{app}.{name}" for app, name in loader.graph.nodes)
    return hashlib.sha256("\n".join(names).encode()).hexdigest()
