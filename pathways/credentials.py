"""Credentials: awarding what was earned, and revoking with a reason.

Awarding is never done by hand: a micro-credential is awarded when its review decides
"earned" (pathways/reviews.py), a pathway when an enrollment completes (pathways/programs.py).
"""

from django.db import transaction
from django.utils import timezone

from core.audit import audit
from pathways.models import Credential, CredentialKind


@transaction.atomic
def credential_award(*, person, submission=None, enrollment=None) -> Credential:
    """Record the credential a submission or a completed enrollment earned. Exactly one of
    the two; the one-to-one links make a second award for the same thing impossible."""
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
