"""Credentials as Open Badges 3.0 `OpenBadgeCredential` documents (JSON-LD, W3C Verifiable
Credentials 2.0), and the district's issuer profile.

Every identifier is an address on the district's host, so a document names where to
check it: the credential's `id` is its public verification page, the issuer's `id` its
profile (`/issuer/`, which publishes the keys), the achievement's `id` the
micro-credential's (or pathway's) page, and each alignment's `targetUrl` the competency
in the district's CASE provider (`/ims/case/v1p1/CFItems/<identifier>`).

The holder is named by a salted SHA-256 hash of their email (an IdentityObject, as the
spec recommends where plain text would leak personal data) and by an opaque `urn:uuid`
that is the same for all of a person's credentials in the district. Evidence entries
describe each answer and link to it through an access-checked address; the answers
themselves are never in the document, which the verification page serves publicly.
"""

import datetime
import hashlib
import uuid
from collections import defaultdict

from django.db import connection
from django.urls import reverse

from core.links import district_url
from pathways.credentials.signing import JWKS_PATH, issuer_id, verification_methods  # noqa: F401 (JWKS_PATH: callers)
from pathways.models import (
    Credential,
    CredentialKind,
    MicroCredential,
    Pathway,
    RequirementKind,
    StepKind,
)

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
# The terms the issuer profile uses to publish its keys, which neither context above
# defines at the top level of a Profile. Each maps to the IRI the W3C Controlled
# Identifiers context (https://www.w3.org/ns/cid/v1) and the Multikey context give it, so
# a JSON-LD processor keeps every member (jsonld.dropped_terms finds none). Embedded
# rather than linked: no context URL to fetch, and it cannot change under us.
SECURITY = "https://w3id.org/security#"
KEYS_CONTEXT = {
    "verificationMethod": {"@id": f"{SECURITY}verificationMethod", "@type": "@id", "@container": "@set"},
    "assertionMethod": {"@id": f"{SECURITY}assertionMethod", "@type": "@id", "@container": "@set"},
    "controller": {"@id": f"{SECURITY}controller", "@type": "@id"},
    "Multikey": f"{SECURITY}Multikey",
    "JsonWebKey": f"{SECURITY}JsonWebKey",
    "publicKeyMultibase": {"@id": f"{SECURITY}publicKeyMultibase", "@type": f"{SECURITY}multibase"},
    "publicKeyJwk": {"@id": f"{SECURITY}publicKeyJwk", "@type": "@json"},
}
PASS, NOT_YET = "pass", "not yet"


# --- Addresses ---------------------------------------------------------------------------


def micro_credential_url(mc: MicroCredential) -> str:
    return district_url(reverse("pathways:micro-credential-detail", kwargs={"micro_credential_id": mc.pk}))


def pathway_url(pathway: Pathway) -> str:
    return district_url(reverse("pathways:pathway-detail", kwargs={"pathway_id": pathway.pk}))


def verification_url(credential: Credential) -> str:
    return district_url(reverse("pathways:credential-verify", kwargs={"public_id": credential.public_id}))


def evidence_url(credential: Credential, answer) -> str:
    return district_url(
        reverse(
            "pathways:credential-evidence",
            kwargs={"public_id": credential.public_id, "answer_id": answer.pk},
        )
    )


def competency_case_url(item) -> str:
    return district_url(f"/ims/case/v1p1/CFItems/{item.identifier}")


def _issuer() -> dict:
    district = connection.tenant
    return {"id": issuer_id(), "type": ["Profile"], "name": district.name, "url": district_url("/")}


def issuer_profile() -> dict:
    """The district as an Open Badges Profile, served at `/issuer/`. It is the controller
    of the district's keys: every key it ever signed with (retired ones too, so old
    credentials verify) is a verification method (Ed25519 as a Multikey, P-256 and RSA as
    a JsonWebKey) and an assertion method, as VC Data Integrity asks of a proof's
    `verificationMethod`. The JWK set at /.well-known/jwks.json has the same keys."""
    issuer = _issuer()
    methods = verification_methods()
    return {
        "@context": [*CONTEXT, KEYS_CONTEXT],
        **issuer,
        "description": f"{issuer['name']} awards micro-credentials and pathway completions to its educators.",
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


# --- Pieces ------------------------------------------------------------------------------


def _alignment(item) -> dict:
    return {
        "type": ["Alignment"],
        "targetName": item.label,
        "targetDescription": item.statement,
        "targetUrl": competency_case_url(item),
        "targetCode": item.code or str(item.identifier),
        "targetFramework": item.framework.title,
        "targetType": "CFItem",
    }


def _result_description_id(achievement_id: str, requirement) -> str:
    return f"{achievement_id}#requirement-{requirement.position}"


def _criteria_narrative(mc: MicroCredential, requirements) -> str:
    lines = [f"Shows the key method: {mc.key_method.strip()}", "", "Each requirement passes when:"]
    for requirement in requirements:
        lines.append(
            f"{requirement.position}. **{requirement.title}**: {requirement.passing_criteria.strip()}"
        )
    return "\n".join(lines)


def achievement_for_micro_credential(mc: MicroCredential) -> dict:
    """The Achievement of a micro-credential version: its scoring guide as the criteria,
    one ResultDescription per requirement (pass / not yet), aligned to its competency."""
    requirements = list(mc.requirements.all())
    achievement_id = micro_credential_url(mc)
    return {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": mc.title,
        "description": (mc.summary or mc.key_method).strip(),
        "criteria": {"id": achievement_id, "narrative": _criteria_narrative(mc, requirements)},
        "alignment": [_alignment(mc.competency)],
        "resultDescription": [
            {
                "id": _result_description_id(achievement_id, requirement),
                "type": ["ResultDescription"],
                "name": requirement.title,
                "resultType": "Result",
                "allowedValue": [NOT_YET, PASS],
                "requiredValue": PASS,
            }
            for requirement in requirements
        ],
        "version": str(mc.version),
        "tag": [mc.competency.code] if mc.competency.code else [],
    }


def _step_line(step) -> str:
    if step.kind == StepKind.MICRO_CREDENTIAL:
        return f"Earn the micro-credential **{step.micro_credential.title}** (any version)."
    return f"Complete the learning activity **{step.title}**."


def achievement_for_pathway(pathway: Pathway) -> dict:
    """The Achievement of a pathway (a LearningProgram): its steps as the criteria, with
    groups where any n of the group's steps suffice."""
    steps = list(pathway.steps.all())
    grouped = defaultdict(list)
    lines = [f"Complete the pathway {pathway.title}:"]
    for step in steps:
        if step.group_id:
            grouped[step.group].append(step)
        else:
            lines.append(f"- {_step_line(step)}")
    for group, members in grouped.items():
        lines.append(f"- Any {group.required_count} of {group.title}:")
        lines.extend(f"  - {_step_line(step)}" for step in members)
    achievement_id = pathway_url(pathway)
    achievement = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "LearningProgram",
        "name": pathway.title,
        "description": (pathway.description or pathway.serves or pathway.title).strip(),
        "criteria": {"id": achievement_id, "narrative": "\n".join(lines)},
    }
    if pathway.competency_id:
        achievement["alignment"] = [_alignment(pathway.competency)]
    return achievement


def subject_id(person) -> str:
    """An opaque identifier for the holder, the same on all their credentials here."""
    name = f"{district_url('/')}people/{person.pk}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _identity(credential: Credential) -> dict:
    salt = credential.public_id.hex[:16]
    digest = hashlib.sha256(f"{credential.person.email.strip().lower()}{salt}".encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def _answer_narrative(answer) -> str:
    requirement = answer.requirement
    if requirement.kind == RequirementKind.TEXT:
        return f"A written response of {len(answer.text.split())} words to: {requirement.prompt}"
    if requirement.kind == RequirementKind.LINK:
        return f"A link, in response to: {requirement.prompt}"
    # Not the uploader's file name: this document is public, and a name often says whose it is.
    return f"A file, in response to: {requirement.prompt}"


def _micro_credential_parts(credential: Credential) -> tuple[dict, list, list]:
    mc = credential.micro_credential
    achievement = achievement_for_micro_credential(mc)
    answers = list(credential.submission.answers.all()) if credential.submission_id else []
    results = [
        {
            "type": ["Result"],
            "resultDescription": _result_description_id(achievement["id"], requirement),
            "value": PASS,
        }
        for requirement in mc.requirements.all()
    ]
    evidence = [
        {
            "id": evidence_url(credential, answer),
            "type": ["Evidence"],
            "name": answer.requirement.title,
            "narrative": _answer_narrative(answer),
            "genre": answer.requirement.get_kind_display(),
        }
        for answer in answers
    ]
    return achievement, results, evidence


def _pathway_parts(credential: Credential) -> tuple[dict, list, list]:
    pathway = credential.pathway
    achievement = achievement_for_pathway(pathway)
    lineages = {step.micro_credential.lineage for step in pathway.steps.all() if step.micro_credential_id}
    earned = (
        Credential.objects.filter(
            person_id=credential.person_id,
            kind=CredentialKind.MICRO_CREDENTIAL,
            micro_credential__lineage__in=lineages,
            revoked_at__isnull=True,
            issued_at__lte=credential.issued_at,
        )
        .select_related("micro_credential")
        .order_by("issued_at", "id")
    )
    evidence = [
        {
            "id": verification_url(step_credential),
            "type": ["Evidence"],
            "name": step_credential.micro_credential.title,
            "narrative": f"Micro-credential earned on {step_credential.issued_at.date().isoformat()}.",
        }
        for step_credential in earned
    ]
    if credential.enrollment_id:
        for completion in credential.enrollment.completions.select_related("step"):
            entry = {
                "type": ["Evidence"],
                "name": completion.step.title,
                "narrative": f"Learning activity completed on {completion.completed_at.date().isoformat()}.",
            }
            if completion.step.url:
                entry["id"] = completion.step.url
            evidence.append(entry)
    return achievement, [], evidence


def _iso(moment) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def credential_document(credential: Credential) -> dict:
    """The credential as an OpenBadgeCredential. Deterministic for a given credential, so
    signing it twice gives the same token."""
    if credential.kind == CredentialKind.MICRO_CREDENTIAL:
        achievement, results, evidence = _micro_credential_parts(credential)
    else:
        achievement, results, evidence = _pathway_parts(credential)
    subject = {
        "id": subject_id(credential.person),
        "type": ["AchievementSubject"],
        "identifier": [_identity(credential)],
        "achievement": achievement,
    }
    if results:
        subject["result"] = results
    document = {
        "@context": CONTEXT,
        "id": verification_url(credential),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement["name"],
        "description": achievement["description"],
        "issuer": _issuer(),
        "validFrom": _iso(credential.issued_at),
        "credentialSubject": subject,
    }
    if evidence:
        document["evidence"] = evidence
    return document
