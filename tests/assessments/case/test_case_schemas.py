"""What Lodestar sends as CASE passes 1EdTech's own schemas (shared/standards/case/):
the CFPackage JSON schemas of 1.0 and 1.1, and the 1.1 OpenAPI's response schemas."""

import json
from pathlib import Path

import pytest

from assessments.case.importer import framework_import_case
from assessments.frameworks.shipped import shipped_packages
from assessments.models import AdoptionStatus, Framework
from tests.assessments.case.official import openapi_enum, openapi_validator, package_validator, problems
from tests.assessments.case.test_case_exchange import GOLDEN, export
from tests.assessments.case.test_case_provider import case_token

pytestmark = pytest.mark.django_db
CASE = "/ims/case/v1p1"
PUBLISHED = Path(__file__).parent / "published"
GOLDEN_FILES = sorted(GOLDEN.glob("*.json"))
ALL_FILES = shipped_packages() + GOLDEN_FILES + sorted(PUBLISHED.glob("*.json"))


def file_version(path: Path) -> str:
    return "1.0" if path.stem.endswith("1_0") or "v1p0" in path.stem else "1.1"


@pytest.mark.parametrize("path", shipped_packages() + GOLDEN_FILES, ids=lambda p: p.stem)
def test_shipped_and_golden_files_pass_the_official_schema(path):
    package = json.loads(path.read_text())
    assert problems(package_validator(file_version(path)), package) == []


@pytest.mark.parametrize("version", ["1.0", "1.1"])
@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_every_export_passes_the_official_package_schema(path, version):
    package = json.loads(path.read_text())
    framework = framework_import_case(actor=None, package=package, repair=True).framework
    exported = export(framework, version)
    assert problems(package_validator(version), exported) == []
    if version == "1.1":
        assert problems(openapi_validator("CFPackageDType"), exported) == []


def served(client, path: str) -> dict:
    response = client.get(f"{CASE}/{path}")
    assert response.status_code == 200, (path, response.content[:300])
    return response.json()


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_every_provider_answer_passes_the_official_openapi(path, api, riverside):
    package = json.loads(path.read_text())
    framework = framework_import_case(actor=None, package=package, repair=True).framework
    Framework.objects.filter(pk=framework.pk).update(adoption_status=AdoptionStatus.ADOPTED)
    client = api(token=case_token(riverside))  # a CASE client of the district
    checks = [
        ("CFDocumentSetDType", "CFDocuments"),
        ("CFDocumentDType", f"CFDocuments/{framework.identifier}"),
        ("CFPackageDType", f"CFPackages/{framework.identifier}"),
    ]
    whole = served(client, f"CFPackages/{framework.identifier}")
    for item in whole["CFItems"]:
        checks += [("CFItemDType", f"CFItems/{item['identifier']}")]
        checks += [("CFAssociationSetDType", f"CFItemAssociations/{item['identifier']}")]
    for association in whole["CFAssociations"]:
        checks += [("CFAssociationDType", f"CFAssociations/{association['identifier']}")]
    for rubric in whole.get("CFRubrics") or []:
        checks += [("CFRubricDType", f"CFRubrics/{rubric['identifier']}")]
    definitions = whole.get("CFDefinitions") or {}
    for collection, component in (
        ("CFConcepts", "CFConceptSetDType"),
        ("CFItemTypes", "CFItemTypeSetDType"),
        ("CFSubjects", "CFSubjectSetDType"),
        ("CFLicenses", "CFLicenseDType"),
        ("CFAssociationGroupings", "CFAssociationGroupingDType"),
    ):
        for definition in definitions.get(collection) or []:
            checks += [(component, f"{collection}/{definition['identifier']}")]
    found = {}
    for component, url in checks:
        body = served(client, url)
        errors = problems(openapi_validator(component), body)
        if errors:
            found[url] = errors[:5]
    assert found == {}


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", f"{CASE}/CFItems/00000000-0000-4000-8000-000000000000"),
        ("get", f"{CASE}/CFItems/not-a-uuid"),
        ("get", f"{CASE}/CFWidgets/x"),
        ("get", f"{CASE}/CFDocuments?limit=0"),
        ("get", f"{CASE}/CFDocuments?sort=nonsense"),
        ("post", f"{CASE}/CFDocuments"),
        ("delete", f"{CASE}/CFDocuments/00000000-0000-4000-8000-000000000000"),
    ],
)
def test_every_provider_error_uses_the_openapis_status_info_and_codes(method, path, api):
    response = getattr(api(), method)(path)
    assert response.status_code >= 400
    assert problems(openapi_validator("imsx_StatusInfoDType"), response.json()) == []
    for field in response.json()["imsx_codeMinor"]["imsx_codeMinorField"]:
        assert field["imsx_codeMinorFieldValue"] in openapi_enum(
            "imsx_CodeMinorFieldDType", "imsx_codeMinorFieldValue"
        )


def test_a_bad_token_answers_unauthorised_request(api):
    response = api(token="lds_not-a-real-token").get(f"{CASE}/CFDocuments")
    assert response.status_code == 401
    assert problems(openapi_validator("imsx_StatusInfoDType"), response.json()) == []
    field = response.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]
    assert field["imsx_codeMinorFieldValue"] == "unauthorised_request"
