"""Provisioning districts: the only writes to the public schema's registry."""

import logging
import re
import time
import zoneinfo
from dataclasses import dataclass
from typing import Protocol, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import get_urlconf, set_urlconf
from django_tenants.utils import get_public_schema_name, schema_exists, tenant_context

from district.hooks import provisioning_hook
from district.migration_state import code_migration_state
from district.models import SLUG_PATTERN, District, Domain
from district.spares import SPARE_PREFIX, schema_clone_from_template, spare_claim, template_state
from district.tasks import refill_spare_schemas

logger = logging.getLogger(__name__)

RESERVED_SLUGS = {"public", "information_schema", settings.TENANT_BASE_SCHEMA}
RESERVED_PREFIXES = ("pg_", SPARE_PREFIX)
HOST_PATTERN = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)


class _SchemaConnection(Protocol):
    """What django-tenants' database backend (the ENGINE in settings) adds to Django's
    connection, which is all the stubs know of."""

    schema_name: str

    def set_schema(self, schema_name: str, include_public: bool = True) -> None: ...

    def set_schema_to_public(self) -> None: ...


def _schemas() -> _SchemaConnection:
    return cast(_SchemaConnection, connection)


class TemplateNotReadyError(RuntimeError):
    """The template schema is missing or behind; cloning it would create a broken district."""


@dataclass
class ProvisionedDistrict:
    district: District
    admin: object | None
    admin_setup_link: str | None
    seconds: float
    # False when no spare schema was ready and the template was cloned during the request.
    from_spare: bool = True


def district_ensure_public() -> District:
    """The public schema's own district row, reached on the platform host(s)."""
    public, _ = District.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={"name": "Lodestar platform", "is_ready": True, "timezone": "UTC"},
    )
    for index, host in enumerate(getattr(settings, "PUBLIC_HOSTS", ["localhost"])):
        Domain.objects.get_or_create(domain=host, defaults={"tenant": public, "is_primary": index == 0})
    return public


def template_unapplied_migrations() -> list[str]:
    """Migrations the template schema lacks ("app.name"), or raises if it has no schema."""
    template = settings.TENANT_BASE_SCHEMA
    if not schema_exists(template):
        raise TemplateNotReadyError(
            f'The district template schema "{template}" does not exist. '
            "Run `python manage.py migrate_schemas`."
        )
    previous = _schemas().schema_name
    _schemas().set_schema(template, include_public=False)
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
    finally:
        _schemas().set_schema(
            previous
        ) if previous != get_public_schema_name() else _schemas().set_schema_to_public()


def template_ready_or_raise() -> None:
    """The template exists and `migrate_schemas` recorded it at the code's migration state:
    two small queries, whatever the number of districts (reading the template's
    `django_migrations` through Django's migration executor took longer)."""
    template = settings.TENANT_BASE_SCHEMA
    if not schema_exists(template):
        raise TemplateNotReadyError(
            f'The district template schema "{template}" does not exist. '
            "Run `python manage.py migrate_schemas`."
        )
    if template_state() != code_migration_state():
        raise TemplateNotReadyError(
            "The district template schema is not migrated to this code's migrations. "
            "Run `python manage.py migrate_schemas`."
        )


def validate_new_district(*, slug: str, name: str, domain: str, timezone: str) -> None:
    """Every reason a district cannot be created, checked before anything is written."""
    errors: dict[str, str] = {}
    if not re.match(SLUG_PATTERN, slug or ""):
        errors["slug"] = (
            f'"{slug}" is not a valid slug: use 2 to 40 lowercase letters, digits or '
            "underscores, starting with a letter."
        )
    elif slug in RESERVED_SLUGS or slug.startswith(RESERVED_PREFIXES):
        errors["slug"] = f'"{slug}" is reserved.'
    elif District.objects.filter(schema_name__iexact=slug).exists():
        errors["slug"] = f'A district with the slug "{slug}" already exists.'
    if not (name or "").strip():
        errors["name"] = "A district needs a name."
    host = (domain or "").lower()
    if not HOST_PATTERN.match(host):
        errors["domain"] = f'"{domain}" is not a valid host name.'
    elif Domain.objects.filter(domain=host).exists():
        errors["domain"] = f'The domain "{host}" already belongs to a district.'
    if timezone not in zoneinfo.available_timezones():
        errors["timezone"] = f'"{timezone}" is not a known time zone.'
    if errors:
        raise ValidationError(errors)


def _on_district_urls(function, *args):
    """Call `function` with the districts' URLs in force: a path on a district's host
    reversed from the platform admin (whose request uses the public URLs)."""
    previous = get_urlconf()
    set_urlconf(settings.ROOT_URLCONF)
    try:
        return function(*args)
    finally:
        set_urlconf(previous)


def district_url(district: District, path: str = "/") -> str:
    domain = district.get_primary_domain()
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{domain.domain}{port}{path}"


def district_create(
    *,
    slug: str,
    name: str,
    domain: str,
    timezone: str = "America/New_York",
    admin_email: str | None = None,
    admin_password: str | None = None,
    admin_first_name: str = "District",
    admin_last_name: str = "Administrator",
) -> ProvisionedDistrict:
    """Create a district from a spare schema (district.spares), with its domain and first admin.

    Everything happens in one transaction, the schema's rename included (PostgreSQL DDL is
    transactional): a district is either complete and ready or absent. When no spare at the
    code's migration state is ready, the template is cloned now instead (its cost grows with
    the number of schemas), logged as a warning and reported as `from_spare=False`; never
    by running migrations. Either way the pool is refilled after commit.
    """
    started = time.perf_counter()
    validate_new_district(slug=slug, name=name, domain=domain, timezone=timezone)
    if admin_email:
        # Only the format: the new district has nobody yet (the public schema's operators
        # are another population altogether).
        try:
            validate_email(admin_email)
        except ValidationError:
            raise ValidationError({"admin_email": f'"{admin_email}" is not a valid email address.'}) from None
    template_ready_or_raise()

    district = District(schema_name=slug, name=name.strip(), timezone=timezone)
    district.auto_create_schema = False  # the schema comes from a spare, renamed below
    district.migration_state = code_migration_state()
    admin = link = None
    with transaction.atomic():
        from_spare = spare_claim(schema_name=slug)
        if not from_spare:
            logger.warning(
                'No spare district schema was ready: cloning the template for "%s" now. '
                "Run `manage.py spare_schemas --fill` or the refill task.",
                slug,
            )
            schema_clone_from_template(slug)
        district.save(verbosity=0)
        Domain.objects.create(domain=domain.lower(), tenant=district, is_primary=True)
        with tenant_context(district):
            if admin_email:
                admin = provisioning_hook("first_admin")(
                    email=admin_email,
                    first_name=admin_first_name,
                    last_name=admin_last_name,
                    password=admin_password,
                )
                if not admin_password:
                    setup_path = provisioning_hook("password_setup_path")
                    link = district_url(district, _on_district_urls(setup_path, admin))
        district.is_ready = True
        district.save(update_fields=["is_ready"])
        transaction.on_commit(_refill_spares_later)
    return ProvisionedDistrict(
        district=district,
        admin=admin,
        admin_setup_link=link,
        seconds=time.perf_counter() - started,
        from_spare=from_spare,
    )


def _refill_spares_later() -> None:
    refill_spare_schemas.delay()


def district_delete(*, district: District) -> None:
    """Drop a district and its schema (failed provisioning, throwaway timing districts)."""
    _schemas().set_schema_to_public()
    with connection.cursor() as cursor:
        # Deferred foreign-key checks still pending in this transaction would block the DROP.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    district.delete(force_drop=True)
