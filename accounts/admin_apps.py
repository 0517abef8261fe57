from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    """django.contrib.admin with the operators' site (accounts/admin_site.py) as the default
    `admin.site`; kept apart from the site so that loading the app imports no model."""

    default_site = "accounts.admin_site.OperatorAdminSite"
