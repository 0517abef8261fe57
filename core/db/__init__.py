"""Lodestar's database backend: django-tenants' PostgreSQL backend, which can also run behind
a transaction-pooling PgBouncer (base.py, docs/operations.md)."""
