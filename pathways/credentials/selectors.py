"""Reads of credentials: who sees which, the public verification address, checking a
signed credential, and the evidence behind one."""

import re
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from core.api import get_or_404
from core.permissions import can
from pathways.models import Answer, Credential, CredentialKind
from pathways.submissions.rules import is_blind_reviewer
from pathways.submissions.selectors import evidence_name, submission_get_for_actor
from schools.models import Supervision

PUBLIC_ID_IN_URL = re.compile(r"/credentials/([0-9a-f-]{36})/?$")


def credential_title(credential: Credential) -> str:
    certified = (
        credential.micro_credential
        if credential.kind == CredentialKind.MICRO_CREDENTIAL
        else credential.pathway
    )
    assert certified is not None  # each kind names what it certifies (the model's constraint)
    return certified.title


def credential_list_for_actor(*, actor: User) -> QuerySet[Credential]:
    """Your own credentials, your current supervisees'; everyone's with
    `credential.view_any`."""
    credentials = Credential.objects.select_related(
        "person", "micro_credential__competency", "pathway", "revoked_by"
    ).order_by("-issued_at", "-id")
    if can(actor, "credential.view_any"):
        return credentials
    return credentials.filter(Q(person=actor) | Q(person__in=Supervision.objects.supervisee_ids(actor)))


def credential_get_for_actor(*, actor: User, credential_id) -> Credential:
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
    from pathways.credentials.signing import CredentialSignatureError, verify_credential_jwt

    answer: dict[str, Any] = {
        "valid": False,
        "signature_valid": False,
        "reason": None,
        "credential": None,
        "document": None,
    }
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
    revoked_at = credential.revoked_at
    if revoked_at is None:  # `credential.is_valid`
        answer["valid"] = True
    else:
        answer["reason"] = (
            f"The credential was revoked on {revoked_at.date().isoformat()}: {credential.revocation_reason}"
        )
    return answer


def credential_list_own(*, actor: User) -> list[Credential]:
    """The actor's own credentials, newest first, for "My credentials" (one query)."""
    return list(
        Credential.objects.filter(person=actor)
        .select_related("micro_credential__competency", "pathway")
        .order_by("-issued_at", "-id")
    )


def credential_evidence_get_for_actor(*, actor: User, credential: Credential, answer_id) -> Answer:
    """One answer behind a credential, for whoever may read the submission it belongs to
    (its holder, its reviewers, district administrators, audited: see
    `submission_get_for_actor`), with the `download_name` this actor may see (a neutral
    one for a blind reviewer). Everyone else, and a wrong address, gets a 404."""
    if not credential.submission_id:
        raise Http404("No such evidence.")
    submission = submission_get_for_actor(actor=actor, submission_id=credential.submission_id)
    answer = Answer.objects.select_related("requirement").filter(submission=submission, pk=answer_id).first()
    if answer is None:
        raise Http404("No such evidence.")
    if answer.file:
        answer.download_name = evidence_name(
            answer,
            position=answer.requirement.position,
            blind=is_blind_reviewer(actor=actor, submission=submission),
        )
    return answer
