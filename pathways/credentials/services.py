"""Writes of credentials: awarding what was earned, revoking with a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.audit import audit
from core.permissions import require
from notifications.models import Kind
from notifications.services import Draft, notify_many
from pathways.credentials.selectors import credential_title
from pathways.models import Credential, CredentialKind
from webhooks.services import api_path, event_emit

MAX_REASON = 2000


@transaction.atomic
def credential_award(*, person: User, submission=None, enrollment=None) -> Credential:
    """Record the credential a submission or a completed enrollment earned. Exactly one of
    the two; the one-to-one links make a second award for the same thing impossible.
    Nobody is notified here: the caller's own notification (the decision, the completed
    pathway) already says so."""
    if (submission is None) == (enrollment is None):
        raise ValueError("A credential is awarded for a submission or for an enrollment.")
    if submission is not None:
        credential = Credential.objects.create(
            kind=CredentialKind.MICRO_CREDENTIAL,
            person=person,
            micro_credential=submission.micro_credential,
            submission=submission,
            issued_at=timezone.now(),
        )
    else:
        credential = Credential.objects.create(
            kind=CredentialKind.PATHWAY,
            person=person,
            pathway=enrollment.pathway,
            enrollment=enrollment,
            issued_at=timezone.now(),
        )
    audit(actor=None, action="credential.awarded", target=credential, data={"kind": credential.kind})
    event_emit(type="credential.issued", data=credential_event(credential))
    return credential


def credential_event(credential: Credential) -> dict:
    """Ids and links (the API record and the public verification page, whose revocation
    reason is public too)."""
    return {
        "credential": credential.pk,
        "kind": credential.kind,
        "person": credential.person_id,
        "micro_credential": credential.micro_credential_id,
        "pathway": credential.pathway_id,
        "links": {
            "credential": api_path("credential", credential.pk),
            "verify": verification_path(credential),
        },
    }


def verification_path(credential: Credential) -> str:
    return reverse("pathways:credential-verify", kwargs={"public_id": credential.public_id})


@transaction.atomic
def credential_revoke(*, actor: User, credential: Credential, reason: str) -> Credential:
    """Revoke a credential (`credential.revoke`). The reason is required and shown on the
    public verification page; a credential is revoked once. The holder is notified."""
    require(actor, "credential.revoke")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the credential is revoked; the holder and verifiers see it."}
        )
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"Keep the reason under {MAX_REASON} characters."})
    credential = (
        Credential.objects.select_for_update(of=("self",))
        .select_related("micro_credential", "pathway")
        .get(pk=credential.pk)
    )
    if credential.revoked_at is not None:
        raise ValidationError(
            {"status": f"This credential was already revoked on {credential.revoked_at.date().isoformat()}."}
        )
    credential.revoked_at = timezone.now()
    credential.revoked_by = actor
    credential.revocation_reason = reason
    credential.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    audit(actor=actor, action="credential.revoked", target=credential, data={"reason": reason})
    event_emit(type="credential.revoked", data=credential_event(credential) | {"reason": reason})
    notify_many(
        [
            Draft(
                recipient_id=credential.person_id,
                kind=Kind.CREDENTIAL_REVOKED,
                title=f"Your credential “{credential_title(credential)}” was revoked",
                body=f"Reason: {reason}",
                url=verification_path(credential),
            )
        ]
    )
    return credential
