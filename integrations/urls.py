from django.urls import path
from oauth2_provider.views import TokenView

from core.throttling import address_limited
from integrations import views

app_name = "integrations"
urlpatterns = [
    # The district's OAuth 2.0 token endpoint (client credentials only: every client is made so).
    # Counted per client address before the secret is checked (core/throttling.py).
    path("oauth/token/", address_limited("oauth-token")(TokenView.as_view()), name="token"),
    path("integrations/", views.hub, name="hub"),
    path("integrations/clients/", views.client_list, name="client-list"),
    path("integrations/clients/<int:client_id>/rotate/", views.client_rotate, name="client-rotate"),
    path("integrations/clients/<int:client_id>/revoke/", views.client_revoke, name="client-revoke"),
]
