"""`manage.py check` reports a disabled-endpoint hook whose path does not import: it is
called only after a day of failures, too late to find out."""

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string


@checks.register()
def check_disabled_hook(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    path = getattr(settings, "WEBHOOKS_ENDPOINT_DISABLED_HOOK", None)
    try:
        import_string(path or "")
    except ImportError as error:
        return [
            checks.Error(
                f"WEBHOOKS_ENDPOINT_DISABLED_HOOK = {path!r} does not import: {error}",
                hint="Name the function's dotted path (docs/integrations/webhooks.md).",
                id="webhooks.E001",
            )
        ]
    return []
