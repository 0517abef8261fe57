"""The catalog's filters, read from query parameters by the API (the page reads the same
fields through its form)."""

from django.core.exceptions import ValidationError

from core.roles import Role
from pathways.models import CatalogStatus


def catalog_filters_parse(params) -> dict:
    """Read the catalog's filters from query parameters. A value that cannot be right is
    an error naming its parameter (a 400 in the API), never a silent empty list."""
    out, errors = {}, {}
    for name in ("competency", "domain", "theme"):
        value = (params.get(name) or "").strip()
        if value:
            try:
                out[name] = int(value)
                if out[name] < 1:
                    raise ValueError
            except ValueError:
                errors[name] = "An id (a whole number)."
    role = (params.get("role") or "").strip()
    if role:
        if role in Role.values:
            out["role"] = role
        else:
            errors["role"] = f"Choose one of {', '.join(Role.values)}."
    status = (params.get("status") or "").strip()
    if status:
        if status in CatalogStatus.values:
            out["status"] = status
        else:
            errors["status"] = f"Choose one of {', '.join(CatalogStatus.values)}."
    q = (params.get("q") or "").strip()
    if q:
        if len(q) > 200:
            errors["q"] = "At most 200 characters."
        elif "\x00" in q:
            errors["q"] = "Text without NUL characters."
        out["q"] = q
    if errors:
        raise ValidationError(errors)
    return out
