from django.conf import settings
from django.db import connection


def district_url(path: str) -> str:
    """An absolute link to a page on the current district's host, for emails."""
    tenant = connection.tenant
    host = getattr(tenant, "_lodestar_host", None)
    if host is None:
        host = tenant.get_primary_domain().domain
        tenant._lodestar_host = host  # one lookup per batch of emails
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{host}{port}{path}"
