from contextlib import contextmanager

from django.core.management.base import CommandError
from django_tenants.utils import schema_context, tenant_context

from district.models import District


@contextmanager
def district_or_template(slug: str | None):
    """Run in the named district, or, without one, in the template new districts clone."""
    from django.conf import settings

    if slug:
        district = District.objects.filter(schema_name=slug).exclude(schema_name="public").first()
        if district is None:
            raise CommandError(f'No district with the slug "{slug}".')
        with tenant_context(district):
            yield district.name
    else:
        with schema_context(settings.TENANT_BASE_SCHEMA):
            yield "the district template"
