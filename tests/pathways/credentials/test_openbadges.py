"""Open Badges 3.0 documents, validated against a JSON Schema of the spec's required
properties and vocabularies (tests/pathways/credentials/schemas/openbadge_credential.json)."""

import copy
import hashlib
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from core.roles import Role
from pathways.credentials.openbadges import credential_document, issuer_profile
from pathways.credentials.signing import signing_key_current
from pathways.models import Enrollment, EnrollmentStatus, Pathway, PathwayStep, StepGroup, StepKind
from tests.factories import person
from tests.pathways.factories import competency, earned_credential, micro_credential

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "openbadge_credential.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())
HOST = "http://riverside.localhost"


def errors(document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]


def test_the_schema_itself_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


def pathway_credential(holder):
    from pathways.credentials.services import credential_award

    mc = micro_credential(title="Wait time")
    earned_credential(holder, mc)
    pathway = Pathway.objects.create(title="Teacher Leader", description="Lead learning.", status="published")
    PathwayStep.objects.create(
        pathway=pathway, position=1, kind=StepKind.MICRO_CREDENTIAL, micro_credential=mc
    )
    group = StepGroup.objects.create(pathway=pathway, title="Electives", required_count=1)
    activity = PathwayStep.objects.create(
        pathway=pathway, position=2, kind=StepKind.ACTIVITY, title="Read the guide",
        url="https://example.org/guide", group=group,
    )  # fmt: skip
    PathwayStep.objects.create(
        pathway=pathway, position=3, kind=StepKind.ACTIVITY, title="Visit", group=group
    )
    enrollment = Enrollment.objects.create(pathway=pathway, person=holder, status=EnrollmentStatus.COMPLETED)
    enrollment.completions.create(step=activity)
    return credential_award(person=holder, enrollment=enrollment)


def test_micro_credential_document_is_a_valid_open_badge_credential():
    holder = person(Role.TEACHER, email="Pat@Example.org")
    credential = earned_credential(holder)
    document = credential_document(credential)
    assert errors(document) == []

    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["id"] == f"{HOST}/credentials/{credential.public_id}/"
    assert document["issuer"] == {
        "id": f"{HOST}/issuer/", "type": ["Profile"], "name": "Riverside (test)", "url": f"{HOST}/",
    }  # fmt: skip
    assert document["validFrom"].endswith("Z")
    subject = document["credentialSubject"]
    salted = hashlib.sha256(f"pat@example.org{subject['identifier'][0]['salt']}".encode()).hexdigest()
    assert subject["identifier"][0]["identityHash"] == f"sha256${salted}"
    assert "Pat" not in json.dumps(subject), "the holder's email appears only hashed"
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["id"] == f"{HOST}/micro-credentials/{credential.micro_credential_id}/"
    assert achievement["criteria"]["id"] == achievement["id"]
    assert "Passes when requirement 2 shows the practice clearly." in achievement["criteria"]["narrative"]
    item = credential.micro_credential.competency
    assert achievement["alignment"] == [
        {
            "type": ["Alignment"],
            "targetName": item.label,
            "targetDescription": item.statement,
            "targetUrl": f"{HOST}/ims/case/v1p1/CFItems/{item.identifier}",
            "targetCode": item.code,
            "targetFramework": item.framework.title,
            "targetType": "CFItem",
        }
    ]
    described = {d["id"] for d in achievement["resultDescription"]}
    assert len(described) == 3
    assert {r["resultDescription"] for r in subject["result"]} == described
    assert {r["value"] for r in subject["result"]} == {"pass"}
    assert [e["name"] for e in document["evidence"]] == ["Requirement 1", "Requirement 2", "Requirement 3"]
    answer_ids = list(
        credential.submission.answers.order_by("requirement__position").values_list("pk", flat=True)
    )
    assert [e["id"] for e in document["evidence"]] == [
        f"{HOST}/credentials/{credential.public_id}/evidence/{pk}/" for pk in answer_ids
    ]
    assert "I planned open questions" not in json.dumps(document), "answers stay behind the evidence links"


def test_the_case_alignment_resolves_in_the_districts_case_provider(api):
    credential = earned_credential(person(Role.TEACHER))
    alignment = credential_document(credential)["credentialSubject"]["achievement"]["alignment"][0]
    # A verifier follows it without credentials: the district allows anonymous CASE reads of
    # the framework, marked public (both off by default).
    from schools.models import DistrictPolicy

    DistrictPolicy.objects.update_or_create(pk=1, defaults={"case_anonymous_reads": True})
    framework = credential.micro_credential.competency.framework
    type(framework).objects.filter(pk=framework.pk).update(is_public=True)
    response = api().get(alignment["targetUrl"].removeprefix(HOST))
    assert response.status_code == 200
    assert response.json()["identifier"] == str(credential.micro_credential.competency.identifier)


def test_pathway_document_is_a_learning_program_with_its_steps_as_criteria():
    holder = person(Role.TEACHER)
    credential = pathway_credential(holder)
    document = credential_document(credential)
    assert errors(document) == []
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "LearningProgram"
    assert achievement["name"] == "Teacher Leader"
    assert achievement["id"] == f"{HOST}/pathways/{credential.pathway_id}/"
    narrative = achievement["criteria"]["narrative"]
    assert "Earn the micro-credential **Wait time**" in narrative
    assert "Any 1 of Electives:" in narrative and "Read the guide" in narrative
    names = [e["name"] for e in document["evidence"]]
    assert names == ["Wait time", "Read the guide"]


def test_a_pathway_aligned_to_a_competency_carries_the_alignment():
    holder = person(Role.TEACHER)
    credential = pathway_credential(holder)
    credential.pathway.competency = competency(index=1)
    credential.pathway.save()
    achievement = credential_document(credential)["credentialSubject"]["achievement"]
    assert achievement["alignment"][0]["targetType"] == "CFItem"
    assert errors(credential_document(credential)) == []


def test_the_document_is_the_same_each_time_it_is_built():
    credential = earned_credential(person(Role.TEACHER))
    assert credential_document(credential) == credential_document(credential)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d.pop("validFrom"), "'validFrom' is a required property"),
        (lambda d: d.__setitem__("validFrom", "2024-05-01"), "does not match"),
        (lambda d: d.__setitem__("type", ["VerifiableCredential"]), "does not contain"),
        (lambda d: d["@context"].reverse(), "was expected"),
        (lambda d: d["issuer"].__setitem__("type", ["Organization"]), "does not contain"),
        (lambda d: d["credentialSubject"]["achievement"].__setitem__("achievementType", "Microcredential"),
         "is not valid under any of the given schemas"),
        (lambda d: d["credentialSubject"]["achievement"]["alignment"][0].__setitem__("targetType", "CASE"),
         "is not valid under any of the given schemas"),
        (lambda d: d["credentialSubject"]["achievement"].pop("criteria"), "'criteria' is a required property"),
        (lambda d: d["credentialSubject"].__setitem__("name", "Pat"), "Additional properties"),
        (lambda d: d["credentialSubject"]["identifier"][0].__setitem__("identityHash", "pat@example.org"),
         "does not match"),
        (lambda d: d["credentialSubject"]["result"][0].__setitem__("status", "Passed"), "is not one of"),
        (lambda d: d["evidence"][0].__setitem__("type", ["Document"]), "does not contain"),
    ],
    ids=[
        "no-validFrom", "date-only", "not-an-open-badge", "context-order", "issuer-not-profile",
        "unknown-achievementType", "unknown-targetType", "no-criteria", "subject-name", "unhashed-identity",
        "bad-result-status", "evidence-type",
    ],
)  # fmt: skip
def test_the_schema_refuses_documents_that_break_the_spec(change, complaint):
    document = copy.deepcopy(credential_document(earned_credential(person(Role.TEACHER))))
    change(document)
    found = errors(document)
    assert found, "the schema must be able to fail"
    assert any(complaint in message for message in found), found


def test_issuer_profile_is_served_without_signing_in_and_publishes_the_keys(api):
    signing_key_current()
    response = api().get("/issuer/")
    assert response.status_code == 200
    profile = response.json()
    assert profile == issuer_profile()
    assert profile["id"] == f"{HOST}/issuer/"
    assert profile["type"] == ["Profile"]
    assert "publicKeys" not in profile, "not a term any of its contexts defines"
    [method] = profile["verificationMethod"]
    assert method["type"] == "JsonWebKey" and method["controller"] == profile["id"]
    assert profile["assertionMethod"] == [method["id"]]
    issuer = {key: profile[key] for key in ("id", "type", "name", "url")}
    assert errors({**credential_document(earned_credential(person(Role.TEACHER))), "issuer": issuer}) == []
