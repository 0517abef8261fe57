"""A person's whole record as one zip archive they can take with them.

Inside: every credential as an Open Badges 3.0 document (`.json`) and signed (`.jwt`, and
`.proof.json` with an embedded Data Integrity proof), the district's public keys at the
time (`keys/jwks.json`, and the issuer profile `keys/issuer.json`) so the signatures can be
checked offline, and every attempt at every micro-credential with its answers, the
reviewers' feedback once decided, and the evidence files. `manifest.json` lists it all;
`README.txt` says what it is in words.

Only the person downloads their own record; a district administrator
(`submission.view_any`, because the archive holds evidence) may download someone's,
and that is written to the audit log. The zip is built in a temporary file, not in
memory, since evidence files can be large.
"""

import json
import re
import shutil
import tempfile
import zipfile

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import User
from core.audit import audit
from pathways.credentials.openbadges import credential_document, issuer_profile, verification_url
from pathways.credentials.rules import may_download_record
from pathways.credentials.selectors import credential_title
from pathways.credentials.signing import (
    jwks_url,
    public_jwks,
    sign_credential,
    sign_credential_data_integrity,
)
from pathways.models import Answer, Credential, Review, Submission, SubmissionStatus

DECIDED = (SubmissionStatus.EARNED, SubmissionStatus.NOT_YET)

README = """\
Your professional-learning record from {district}
{rule}

Made for {name} on {made}.

credentials/   Each credential you earned, as an Open Badges 3.0 credential:
               NAME.json is the credential (JSON-LD); NAME.jwt is the same credential
               signed by {district} (a VC-JWT), and NAME.proof.json the same again
               with the signature embedded (a Data Integrity proof). Open Badges
               wallets and verifiers accept any of them. Revoked credentials are included and marked in
               manifest.json.
keys/          The district's public keys when this archive was made (jwks.json, a JWK
               set, and issuer.json, its issuer profile listing the same keys), so the
               signatures can be checked even without reaching the district's site:
               {jwks}
submissions/   Every attempt at every micro-credential: answers.json holds your
               answers and, once decided, the reviewers' feedback; files/ holds the
               evidence files you uploaded.
manifest.json  The list of everything above, with dates and statuses.
"""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "item"


def _credentials(person):
    return (
        Credential.objects.filter(person=person)
        .select_related("person", "micro_credential__competency__framework", "pathway__competency")
        .prefetch_related(
            "micro_credential__requirements",
            Prefetch("submission__answers", queryset=Answer.objects.select_related("requirement")),
            "pathway__steps__micro_credential",
            "pathway__steps__group",
        )
        .order_by("issued_at", "id")
    )


def _submissions(person):
    return (
        Submission.objects.filter(person=person)
        .select_related("micro_credential")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("requirement")),
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(completed_at__isnull=False).prefetch_related(
                    "scores__requirement"
                ),
            ),
        )
        .order_by("micro_credential__title", "micro_credential_id", "attempt")
    )


def _write_credentials(archive: zipfile.ZipFile, person) -> list[dict]:
    entries = []
    for number, credential in enumerate(_credentials(person), start=1):
        title = credential_title(credential)
        stem = f"credentials/{number:02d}-{_slug(title)}"
        document = credential_document(credential)
        archive.writestr(f"{stem}.json", json.dumps(document, indent=2, ensure_ascii=False))
        archive.writestr(f"{stem}.jwt", sign_credential(document))
        proved = sign_credential_data_integrity(document)
        archive.writestr(f"{stem}.proof.json", json.dumps(proved, indent=2, ensure_ascii=False))
        entries.append(
            {
                "title": title,
                "kind": credential.kind,
                "issued_at": credential.issued_at.isoformat(),
                "status": "valid" if credential.is_valid else "revoked",
                "revoked_at": credential.revoked_at.isoformat() if credential.revoked_at else None,
                "revocation_reason": credential.revocation_reason or None,
                "verification_url": verification_url(credential),
                "json": f"{stem}.json",
                "jwt": f"{stem}.jwt",
                "data_integrity": f"{stem}.proof.json",
            }
        )
    return entries


def _answer_entry(archive: zipfile.ZipFile, folder: str, answer: Answer) -> dict:
    requirement = answer.requirement
    entry = {"requirement": requirement.title, "prompt": requirement.prompt, "kind": requirement.kind}
    if answer.text:
        entry["text"] = answer.text
    if answer.url:
        entry["url"] = answer.url
    if answer.file:
        name = f"{folder}/files/{requirement.position:02d}-{_slug(answer.original_name.rsplit('.', 1)[0])}"
        suffix = answer.original_name.rsplit(".", 1)[-1].lower() if "." in answer.original_name else "bin"
        path = f"{name}.{suffix}"
        with answer.file.open("rb") as source, archive.open(path, "w") as target:
            shutil.copyfileobj(source, target)
        entry["file"] = path
        entry["original_name"] = answer.original_name
    return entry


def _write_submissions(archive: zipfile.ZipFile, person) -> list[dict]:
    entries = []
    for submission in _submissions(person):
        mc = submission.micro_credential
        folder = f"submissions/{mc.pk}-{_slug(mc.title)}-v{mc.version}/attempt-{submission.attempt}"
        answers = [_answer_entry(archive, folder, answer) for answer in submission.answers.all()]
        feedback = []
        if submission.status in DECIDED:
            feedback = [
                {
                    "review": review.get_role_display(),
                    "decision": review.decision,
                    "comment": review.comment,
                    "requirements": [
                        {"requirement": s.requirement.title, "passed": s.passed, "feedback": s.feedback}
                        for s in review.scores.all()
                    ],
                }
                for review in submission.reviews.all()
            ]
        record = {
            "micro_credential": mc.title,
            "version": mc.version,
            "attempt": submission.attempt,
            "status": submission.status,
            "started_at": submission.started_at.isoformat(),
            "submitted_at": submission.submitted_at.isoformat() if submission.submitted_at else None,
            "decided_at": submission.decided_at.isoformat() if submission.decided_at else None,
            "answers": answers,
            "feedback": feedback,
        }
        archive.writestr(f"{folder}/answers.json", json.dumps(record, indent=2, ensure_ascii=False))
        entries.append({**record, "folder": folder})
    return entries


def record_archive(*, actor: User, person: User):
    """The person's record as an open temporary file holding the zip, at position 0.
    The caller streams it and closes it (closing deletes it)."""
    if not may_download_record(actor=actor, person=person):
        raise PermissionDenied("Only the person themselves can download their record.")
    if actor.pk != person.pk:
        audit(actor=actor, action="record.downloaded", target=person)
    district = connection.tenant.name
    made = timezone.now()
    output = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115 - the response closes it
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        credentials = _write_credentials(archive, person)
        submissions = _write_submissions(archive, person)
        # After signing: the first signature makes the district's key.
        archive.writestr("keys/jwks.json", json.dumps(public_jwks(), indent=2))
        archive.writestr("keys/issuer.json", json.dumps(issuer_profile(), indent=2, ensure_ascii=False))
        manifest = {
            "person": {"name": person.full_name, "email": person.email},
            "district": district,
            "made_at": made.isoformat(),
            "credentials": credentials,
            "submissions": submissions,
            "keys": "keys/jwks.json",
            "issuer_profile": "keys/issuer.json",
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        archive.writestr(
            "README.txt",
            README.format(
                district=district,
                rule="=" * (len(district) + 37),
                name=person.full_name or person.email,
                made=made.date().isoformat(),
                jwks=jwks_url(),
            ),
        )
    output.seek(0)
    return output


def record_filename(person) -> str:
    return f"record-{_slug(person.full_name or person.email)}.zip"
