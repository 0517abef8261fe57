from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    """django.contrib.admin with the operators' site (accounts/admin_site.py) as the default
    `admin.site`; kept apart from the site so that loading the app imports no model."""

    default_site = "accounts.admin_site.OperatorAdminSite"

    def ready(self):
        """Keep on the operators' site only what lives in the public schema: third-party
        apps register their models on the default site wherever their tables are, and a
        district-only table (integration clients, OAuth tokens, social accounts) would fail
        on the public host."""
        super().ready()
        from django.apps import apps
        from django.conf import settings
        from django.contrib import admin

        district_only = {
            config.label
            for config in apps.get_app_configs()
            if config.name in settings.TENANT_APPS and config.name not in settings.SHARED_APPS
        }
        for model in [model for model in admin.site._registry if model._meta.app_label in district_only]:
            admin.site.unregister(model)
