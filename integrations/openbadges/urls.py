"""The Open Badges API 3.0, mounted at /ims/ob/v3p0/ on each district's host."""

from django.urls import re_path

from integrations.openbadges import api

app_name = "openbadges"
urlpatterns = [
    re_path(r"^discovery/?$", api.DiscoveryView.as_view(), name="discovery"),
    re_path(r"^credentials/?$", api.CredentialsView.as_view(), name="credentials"),
    re_path(r"^profile/?$", api.ProfileView.as_view(), name="profile"),
    # Anything else under the prefix answers in the specification's error shape too.
    re_path(r"^", api.UnknownView.as_view(), name="unknown"),
]
