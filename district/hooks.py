"""Provisioning hooks: how the public `district` app reaches the district apps.

`district` is a SHARED app: it must import no district (TENANT) app, yet provisioning needs
them, for the template's shipped content and a new district's first administrator.
settings.DISTRICT_PROVISIONING_HOOKS names, for each hook point, the function that does it
by its dotted path; `district` calls `provisioning_hook(point)` and never imports the app.
The hook points and their contracts are listed in the setting and in docs/tenancy.md.
`manage.py check` reports a hook whose path does not import (district.E001).
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

HOOK_POINTS = ("template_content", "first_admin", "password_setup_path")


def provisioning_hook(point: str) -> Callable[..., Any]:
    """The function settings.DISTRICT_PROVISIONING_HOOKS names for `point`."""
    return import_string(settings.DISTRICT_PROVISIONING_HOOKS[point])


@checks.register()
def check_provisioning_hooks(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every hook point is named and its function imports (a module moved without updating
    the setting would otherwise only fail when the next district is created)."""
    hooks = getattr(settings, "DISTRICT_PROVISIONING_HOOKS", {})
    errors = []
    for point in HOOK_POINTS:
        try:
            provisioning_hook(point)
        except (KeyError, ImportError) as error:
            errors.append(
                checks.Error(
                    f"DISTRICT_PROVISIONING_HOOKS[{point!r}] = {hooks.get(point)!r} does not import: {error}",
                    hint="Name the function's dotted path (docs/tenancy.md, provisioning hooks).",
                    id="district.E001",
                )
            )
    return errors
