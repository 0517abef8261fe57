"""Single sign-on end to end: Django's test client on riverside's host, allauth talking real
HTTP to the local OpenID Connect provider (tests/identity/oidc_server.py)."""

import pytest
from django.contrib.auth import SESSION_KEY

from core.models import AuditEvent
from core.roles import Role
from tests.factories import person
from tests.identity.conftest import DOMAIN, sign_in_through
from tests.identity.oidc_server import CLIENT_SECRET
from tests.support import get

pytestmark = pytest.mark.django_db

COULD_NOT = "could not sign you in"


def signed_in_as(client):
    return client.session.get(SESSION_KEY)


def teacher(email=f"tess@{DOMAIN}", **fields):
    return person(Role.TEACHER, email=email, first_name="Tess", **fields)


def test_sign_in_page_shows_the_districts_provider(client, idp):
    response = get(client, "/accounts/login/")
    assert "Continue with Riverside Login" in response.content.decode()


def test_teacher_signs_in_through_the_provider_and_lands_home(client, oidc, idp):
    tess = teacher()
    oidc.reset(sub="g-1", email=tess.email, email_verified=True)

    response = sign_in_through(client, oidc, idp.slug)

    assert response.status_code == 302 and response["Location"] == "/", response.content[:500]
    assert signed_in_as(client) == str(tess.pk)
    assert "Welcome, Tess" in get(client, "/").content.decode()
    sent = oidc.authorization_requests[-1]
    assert sent["code_challenge_method"] == "S256" and sent["code_challenge"]
    assert sent["nonce"]
    assert oidc.token_requests[-1]["code_verifier"]
    event = AuditEvent.objects.get(action="sso.signed_in", target_id=str(tess.pk))
    assert event.data == {"provider": idp.slug, "matched_by": "email"}


def test_next_page_is_kept_through_the_provider(client, oidc, idp):
    tess = teacher()
    oidc.reset(sub="g-1", email=tess.email, email_verified=True)
    response = sign_in_through(client, oidc, idp.slug, next_url="/goals/")
    assert response["Location"] == "/goals/"


def test_person_is_matched_by_the_sourced_id_claim(client, oidc, idp):
    tess = teacher(sourced_id="SIS-4242")
    oidc.reset(sub="cl-9", email=f"t.other@{DOMAIN}", email_verified=False, sourced_id="SIS-4242")

    response = sign_in_through(client, oidc, idp.slug)

    assert response.status_code == 302
    assert signed_in_as(client) == str(tess.pk)


@pytest.mark.parametrize(
    "knob",
    [
        {"issuer": "http://127.0.0.1:9/not-the-issuer"},
        {"audience": "someone-elses-client"},
        {"expired": True},
        {"sign_with_stranger_key": True},
    ],
    ids=["wrong-issuer", "wrong-audience", "expired-token", "bad-signature"],
)
def test_an_id_token_that_fails_verification_signs_nobody_in(client, oidc, idp, knob):
    tess = teacher()
    oidc.reset(sub="g-1", email=tess.email, email_verified=True)
    for name, value in knob.items():
        setattr(oidc, name, value)

    response = sign_in_through(client, oidc, idp.slug)

    assert response.status_code == 403
    assert COULD_NOT in response.content.decode()
    assert signed_in_as(client) is None
    assert AuditEvent.objects.filter(action="sso.refused", target_id=str(idp.pk)).exists()


def test_an_id_token_for_another_sign_in_nonce_is_refused(client, oidc, idp):
    tess = teacher()
    oidc.reset(sub="g-1", email=tess.email, email_verified=True)
    oidc.nonce = "a-nonce-from-another-sign-in"

    response = sign_in_through(client, oidc, idp.slug)

    assert response.status_code == 403
    assert "does not belong to this sign-in" in response.content.decode()
    assert signed_in_as(client) is None


def test_unknown_person_is_refused_and_never_created(client, oidc, idp):
    from accounts.models import User

    oidc.reset(sub="g-2", email=f"ghost@{DOMAIN}", email_verified=True)
    before = User.objects.count()

    response = sign_in_through(client, oidc, idp.slug)

    assert response.status_code == 403
    assert "No Lodestar account in Riverside" in response.content.decode()
    assert f"matches ghost@{DOMAIN}" in response.content.decode()
    assert User.objects.count() == before
    assert signed_in_as(client) is None


def test_email_outside_the_allowed_domains_is_refused(client, oidc, idp):
    stranger = person(Role.TEACHER, email="tess@gmail.example.com")
    oidc.reset(sub="g-3", email=stranger.email, email_verified=True)

    response = sign_in_through(client, oidc, idp.slug)

    assert response.status_code == 403
    assert "may not sign in addresses at gmail.example.com" in response.content.decode()
    assert signed_in_as(client) is None


def test_unverified_email_is_refused(client, oidc, idp):
    tess = teacher()
    oidc.reset(sub="g-1", email=tess.email, email_verified=False)

    response = sign_in_through(client, oidc, idp.slug)

    assert response.status_code == 403
    assert f"has not verified {tess.email}" in response.content.decode()
    assert signed_in_as(client) is None


def test_deactivated_person_is_refused(client, oidc, idp):
    from schools.services import user_deactivate

    tess = teacher()
    user_deactivate(actor=None, user=tess)
    oidc.reset(sub="g-1", email=tess.email, email_verified=True)

    response = sign_in_through(client, oidc, idp.slug)

    assert response.status_code == 403
    assert "This account has been deactivated." in response.content.decode()
    assert signed_in_as(client) is None


def test_disabled_provider_is_not_offered_and_cannot_start(client, idp):
    from identity.providers.services import identity_provider_update

    identity_provider_update(actor=None, provider=idp, enabled=False)
    assert "Riverside Login" not in get(client, "/accounts/login/").content.decode()
    assert (
        client.post(f"/accounts/oidc/{idp.slug}/login/", HTTP_HOST="riverside.localhost").status_code == 404
    )


def test_lakeviews_provider_does_nothing_on_riversides_host(client, oidc, lakeview, in_district):
    from identity.providers.services import identity_provider_create

    with in_district(lakeview):
        theirs = identity_provider_create(
            actor=None,
            kind="google",
            issuer=oidc.base_url,
            client_id="lakeview-client",
            client_secret="lakeview-secret",
            allowed_domains=["lakeview.example.org"],
        )
    assert "Continue with" not in get(client, "/accounts/login/").content.decode()
    assert (
        client.post(f"/accounts/oidc/{theirs.slug}/login/", HTTP_HOST="riverside.localhost").status_code
        == 404
    )
    assert (
        client.get(
            f"/accounts/oidc/{theirs.slug}/login/callback/?code=x&state=y", HTTP_HOST="riverside.localhost"
        ).status_code
        == 404
    )


def test_refusals_and_sign_ins_are_audited_without_secrets(client, oidc, idp):
    tess = teacher()
    oidc.reset(sub="g-1", email=tess.email, email_verified=True)
    sign_in_through(client, oidc, idp.slug)
    client.logout()
    oidc.reset(sub="g-1", email=tess.email, email_verified=True)
    oidc.expired = True
    sign_in_through(client, oidc, idp.slug)

    rows = AuditEvent.objects.filter(action__startswith="sso.")
    assert {row.action for row in rows} == {"sso.signed_in", "sso.refused"}
    for row in AuditEvent.objects.all():
        assert CLIENT_SECRET not in str(row.data)
        assert "access_token" not in str(row.data) and "id_token" not in str(row.data)


def test_entra_vouches_for_an_email_with_xms_edov(client, oidc, idp):
    from identity.models import IdentityProvider

    IdentityProvider.objects.filter(pk=idp.pk).update(kind="microsoft")
    tess = teacher()
    oidc.reset(sub="e-1", email=tess.email, xms_edov=True)

    response = sign_in_through(client, oidc, idp.slug)

    assert response.status_code == 302
    assert signed_in_as(client) == str(tess.pk)


def test_a_provider_that_does_not_answer_is_a_clear_502_not_a_500(client):
    import socket

    from identity.providers.services import identity_provider_create

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    provider = identity_provider_create(
        actor=None,
        kind="oidc",
        name="Sleepy Login",
        issuer=f"http://127.0.0.1:{closed}",
        client_id="c",
        client_secret="s",
        allowed_domains=[DOMAIN],
    )
    response = client.post(f"/accounts/oidc/{provider.slug}/login/", HTTP_HOST="riverside.localhost")
    assert response.status_code == 502
    assert "Sleepy Login is not answering" in response.content.decode()
