"""Writes of the Open Badges API: a holder allows an app (the toolkit stores the code; this
records it) and revokes an app's access. Audited."""

from django.db import transaction
from oauth2_provider.models import get_access_token_model, get_grant_model, get_refresh_token_model

from accounts.models import User
from core.audit import audit
from integrations.models import IntegrationClient


@transaction.atomic
def holder_app_consent_record(*, actor: User, client_id: str, scope: str) -> None:
    """The holder allowed the app these scopes on the consent page: the audit log says so."""
    client = IntegrationClient.objects.get(client_id=client_id)
    audit(
        actor=actor,
        action="holder_app.consent_granted",
        target=client,
        data={"client_name": client.name, "scope": scope},
    )


@transaction.atomic
def holder_app_consent_revoke(*, actor: User, client: IntegrationClient) -> None:
    """The app loses the actor's consent: every access token, refresh token and unused code it
    holds for the actor is deleted, so its next request is a 401 and it must ask again. The
    app's tokens for other people are untouched."""
    get_refresh_token_model().objects.filter(user=actor, application=client).delete()
    get_access_token_model().objects.filter(user=actor, application=client).delete()
    get_grant_model().objects.filter(user=actor, application=client).delete()
    audit(actor=actor, action="holder_app.consent_revoked", target=client, data={"client_name": client.name})
