"""Credentials: awarding what was earned, revoking with a reason, and who sees which.

Awarding is never done by hand: a micro-credential is awarded when its review decides
"earned" (pathways/reviews.py, which also tells the person the decision), a pathway when
an enrollment completes (pathways/programs.py, which tells them it is complete). Revoking
is a district administrator's act (`credential.revoke`), always with a reason the holder
is told and the public verification page shows.

Who sees a credential through the API and pages: its holder, the holder's current
supervisors, and the roles with `credential.view_any` (central office, administrators).
Anyone, signed in or not, sees the public verification page of a credential whose
address they have: that is what the address is for.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.api import get_or_404
from core.audit import audit
from core.permissions import can, require
from notifications.models import Kind
from notifications.services import Draft, notify_many
from pathways.models import Credential, CredentialKind
from schools.models import Supervision

MAX_REASON = 2000
PUBLIC_ID_IN_URL = re.compile(r"/credentials/([0-9a-f-]{36})/?$")


@transaction.atomic
def credential_award(*, person, submission=None, enrollment=None) -> Credential:
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
    return credential


def verification_path(credential: Credential) -> str:
    return reverse("pathways:credential-verify", kwargs={"public_id": credential.public_id})


@transaction.atomic
def credential_revoke(*, actor, credential: Credential, reason: str) -> Credential:
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


def credential_title(credential: Credential) -> str:
    if credential.kind == CredentialKind.MICRO_CREDENTIAL:
        return credential.micro_credential.title
    return credential.pathway.title


# --- Selectors ---------------------------------------------------------------------------


def credential_list_for_actor(*, actor) -> QuerySet[Credential]:
    """Your own credentials, your current supervisees'; everyone's with
    `credential.view_any`."""
    credentials = Credential.objects.select_related(
        "person", "micro_credential__competency", "pathway", "revoked_by"
    ).order_by("-issued_at", "-id")
    if can(actor, "credential.view_any"):
        return credentials
    return credentials.filter(Q(person=actor) | Q(person__in=Supervision.objects.supervisee_ids(actor)))


def credential_get_for_actor(*, actor, credential_id) -> Credential:
    """One credential the actor may see; missing and invisible both 404."""
    return get_or_404(credential_list_for_actor(actor=actor), credential_id)


def credential_get_public(public_id) -> Credential:
    """A credential by the address of its verification page, valid or revoked."""
    credential = (
        Credential.objects.select_related(
            "person", "micro_credential__competency__framework", "pathway__competency", "revoked_by"
        )
        .filter(public_id=public_id)
        .first()
    )
    if credential is None:
        raise Http404("No such credential.")
    return credential


def credential_check_token(token: str) -> dict:
    """What a verifier wants to know about a signed credential: is the signature this
    district's and intact, and is the credential still valid here. Never raises for a
    bad token: the answer says why it is not valid."""
    from pathways.signing import CredentialSignatureError, verify_credential_jwt

    answer = {"valid": False, "signature_valid": False, "reason": None, "credential": None, "document": None}
    try:
        document = verify_credential_jwt(token)
    except CredentialSignatureError as error:
        answer["reason"] = str(error)
        return answer
    answer.update(signature_valid=True, document=document)
    match = PUBLIC_ID_IN_URL.search(str(document.get("id", "")))
    credential = Credential.objects.filter(public_id=match.group(1)).first() if match else None
    if credential is None:
        answer["reason"] = "The signature is good, but this district has no record of the credential."
        return answer
    answer["credential"] = {
        "public_id": credential.public_id,
        "status": "valid" if credential.is_valid else "revoked",
        "revoked_at": credential.revoked_at,
        "revocation_reason": credential.revocation_reason or None,
        "verification_url": document["id"],
    }
    if credential.is_valid:
        answer["valid"] = True
    else:
        answer["reason"] = (
            f"The credential was revoked on {credential.revoked_at.date().isoformat()}: "
            f"{credential.revocation_reason}"
        )
    return answer
