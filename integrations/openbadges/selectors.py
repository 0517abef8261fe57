"""Reads of the Open Badges API: the holder's own credentials (a page of them) and the apps
the holder allowed. Every read is the actor's own: nobody reads another person's here."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from oauth2_provider.models import get_access_token_model, get_refresh_token_model

from accounts.models import User
from integrations.models import IntegrationClient
from pathways.models import Answer, Credential, CredentialKind


def holder_credential_page(
    *, actor: User, offset: int, limit: int, since: datetime.datetime | None = None
) -> tuple[int, list[Credential]]:
    """(how many in all, this page) of the actor's valid credentials, oldest first so that
    paging by offset is stable while new ones arrive; `since` keeps those issued after it.
    Everything the Open Badges document of a micro-credential reads is fetched with the page
    (a fixed number of queries whatever its length)."""
    found = Credential.objects.filter(person=actor, revoked_at__isnull=True)
    if since is not None:
        found = found.filter(issued_at__gt=since)
    total = found.count()
    page = list(
        found.select_related(
            "person",
            "micro_credential__competency__framework",
            "pathway",
            "submission",
            "enrollment",
        )
        .prefetch_related(
            "micro_credential__requirements",
            Prefetch("submission__answers", queryset=Answer.objects.select_related("requirement")),
            "pathway__steps__micro_credential",
        )
        .order_by("issued_at", "id")[offset : offset + limit]
    )
    return total, page


def has_pathway_credentials(credentials: list[Credential]) -> bool:
    return any(credential.kind == CredentialKind.PATHWAY for credential in credentials)


@dataclass
class Consent:
    client: IntegrationClient
    scopes: list[str]
    since: datetime.datetime


def holder_app_consent_list(*, actor: User) -> list[Consent]:
    """The apps the actor allowed and still holds a token for (an access token, or a refresh
    token that can make one), with the scopes and the first time, newest first."""
    access = get_access_token_model().objects.filter(user=actor, application__isnull=False)
    refresh = get_refresh_token_model().objects.filter(user=actor, revoked__isnull=True)
    found: dict[int, Consent] = {}
    rows = [
        *access.values_list("application_id", "scope", "created"),
        *refresh.values_list("application_id", "access_token__scope", "created"),
    ]
    clients = IntegrationClient.objects.in_bulk({row[0] for row in rows}, field_name="pk")
    for client_id, scope, created in rows:
        client = clients.get(client_id)
        if client is None or not client.is_holder_app:
            continue
        consent = found.setdefault(client_id, Consent(client=client, scopes=[], since=created))
        consent.since = min(consent.since, created)
        for name in (scope or "").split():
            if name not in consent.scopes:
                consent.scopes.append(name)
    return sorted(found.values(), key=lambda consent: consent.since, reverse=True)


def holder_app_consent_get(*, actor: User, client_id) -> Consent:
    """One app the actor allowed; any other id (another person's app, an integration client,
    nothing) is a 404."""
    for consent in holder_app_consent_list(actor=actor):
        if str(consent.client.pk) == str(client_id):
            return consent
    raise Http404("No such connected app.")
