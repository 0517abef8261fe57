"""django-tenants' backend, safe behind PgBouncer in transaction mode when the database's
settings say `TRANSACTION_POOLING: True`.

django-tenants selects a district with a session-level `SET search_path`, issued once per
connection and district (`TENANT_LIMIT_SET_CALLS`). Under transaction pooling each
transaction may run on a different server connection, shared with other clients, so:

- a `SET` stays on the server connection and reaches the next client's transactions there;
- in autocommit mode the `SET` and the query after it are two transactions, which the
  pooler may send to two server connections: the query then runs with whatever path another
  client left there, and reads that district's rows.

With pooling on, every transaction carries its own path instead: `set_config('search_path',
..., true)` (a `SET LOCAL`, gone at the transaction's end) as its first statement; a query
outside a transaction block becomes one transaction of those two statements. Nothing is left
on the server connection. Without pooling the backend is django-tenants' own, unchanged.
Commands that cannot run in a transaction block (`CREATE DATABASE`, `VACUUM`) and
migrations go straight to PostgreSQL, not through the pooler.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql.base import Cursor
from django_tenants.postgresql_backend import base as tenants
from django_tenants.postgresql_backend.base import quote_schema_name

SET_PATH = "SELECT set_config('search_path', %s, true)"


class DatabaseWrapper(tenants.DatabaseWrapper):
    # Whether the current transaction has been given its search path (pooling only).
    _path_in_transaction = False

    @property
    def transaction_pooling(self) -> bool:
        return bool(self.settings_dict.get("TRANSACTION_POOLING"))

    def get_connection_params(self):
        params = super().get_connection_params()
        if self.transaction_pooling:
            if self.settings_dict["OPTIONS"].get("server_side_binding"):
                raise ImproperlyConfigured("TRANSACTION_POOLING works with client-side binding only.")
            params["cursor_factory"] = PooledCursor
        return params

    def create_cursor(self, name=None):
        if name and self.transaction_pooling:
            raise ImproperlyConfigured("TRANSACTION_POOLING needs DISABLE_SERVER_SIDE_CURSORS = True.")
        cursor = super().create_cursor(name)
        if isinstance(cursor, PooledCursor):
            cursor.database = self
        return cursor

    def search_path_value(self) -> str:
        return ",".join(quote_schema_name(schema) for schema in self._get_cursor_search_paths())

    def _handle_search_path(self, cursor=None):
        if not self.transaction_pooling:
            super()._handle_search_path(cursor)

    # Each of these ends the transaction (or the part of it a SET LOCAL may have been
    # issued in), or changes the district: the next statement sets the path again.
    def set_tenant(self, tenant, include_public=True):
        self._path_in_transaction = False
        super().set_tenant(tenant, include_public)

    def _set_autocommit(self, autocommit):
        self._path_in_transaction = False
        super()._set_autocommit(autocommit)

    def commit(self):
        self._path_in_transaction = False
        super().commit()

    def rollback(self):
        self._path_in_transaction = False
        super().rollback()

    def savepoint_rollback(self, sid):
        try:
            super().savepoint_rollback(sid)
        finally:
            self._path_in_transaction = False

    def close(self):
        self._path_in_transaction = False
        super().close()


class PooledCursor(Cursor):
    """A cursor whose statements always run under the district's path in their transaction."""

    database: DatabaseWrapper | None = None

    def execute(self, query, params=None, **kwargs):
        return self._with_path(super().execute, query, params, **kwargs)

    def executemany(self, query, params_seq, **kwargs):
        return self._with_path(super().executemany, query, params_seq, **kwargs)

    def _with_path(self, run, *args, **kwargs):
        database = self.database
        if database is None:  # Django's own start-up statements (time zone), the same for all
            return run(*args, **kwargs)
        if self.connection.autocommit:
            with self.connection.transaction():
                super().execute(SET_PATH, [database.search_path_value()])
                return run(*args, **kwargs)
        if not database._path_in_transaction:
            super().execute(SET_PATH, [database.search_path_value()])
            database._path_in_transaction = True
        return run(*args, **kwargs)
