from django.urls import path
from oauth2_provider.views import RevokeTokenView, TokenView

from core.throttling import address_limited
from integrations import views
from integrations.openbadges import views as openbadges_views

app_name = "integrations"
urlpatterns = [
    # The district's OAuth 2.0 token endpoint (client credentials only: every client is made so).
    # Counted per client address before the secret is checked (core/throttling.py).
    path("oauth/token/", address_limited("oauth-token")(TokenView.as_view()), name="token"),
    # The Open Badges API's authorization server (integrations/openbadges/): a holder's app
    # registers (RFC 7591), asks the holder's consent (authorization code + PKCE) on the
    # toolkit's AuthorizationView with the site's template and policy, and may revoke its tokens (RFC 7009).
    path("oauth/register/", openbadges_views.register, name="register"),
    path("oauth/authorize/", openbadges_views.ConsentView.as_view(), name="authorize"),
    path("oauth/revoke/", address_limited("oauth-token")(RevokeTokenView.as_view()), name="revoke"),
    path("my/connected-apps/", openbadges_views.connected_apps, name="connected-apps"),
    path(
        "my/connected-apps/<int:client_id>/revoke/",
        openbadges_views.connected_app_revoke,
        name="connected-app-revoke",
    ),
    path("integrations/", views.hub, name="hub"),
    path("integrations/clients/", views.client_list, name="client-list"),
    path("integrations/clients/<int:client_id>/rotate/", views.client_rotate, name="client-rotate"),
    path("integrations/clients/<int:client_id>/revoke/", views.client_revoke, name="client-revoke"),
]
