"""allauth's OpenID Connect login and callback, under allauth's URL names (which its
provider reverses), on the district's host: `/accounts/oidc/<slug>/login/callback/` is the
redirect URI an administrator registers at the provider. Only these two: none of allauth's
account pages, whose work the accounts app does."""

from django.urls import include, path

from identity import oidc

urlpatterns = [
    path(
        "<slug:provider_id>/",
        include(
            [
                path("login/", oidc.login, name="openid_connect_login"),
                path("login/callback/", oidc.callback, name="openid_connect_callback"),
            ]
        ),
    )
]
