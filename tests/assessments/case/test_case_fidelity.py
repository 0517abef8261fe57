"""What a package says comes back out as it was said: free-text keywords, absent sequence
numbers, parents and adoption status, the version its shape shows; and the two defects
of published packages that `repair` mends (and nothing else)."""

import copy
import json
from pathlib import Path

import pytest

from assessments.case.importer import case_version_of, framework_import_case
from assessments.case.validation import CaseValidationError
from assessments.models import Item
from tests.assessments.case.official import package_validator, problems
from tests.assessments.case.test_case_exchange import export, golden

pytestmark = pytest.mark.django_db
PUBLISHED = Path(__file__).parent / "published"


def published(name: str) -> dict:
    return json.loads((PUBLISHED / f"{name}.json").read_text())


def by_id(objects: list[dict]) -> dict:
    return {o["identifier"]: o for o in objects}


def test_free_text_concept_keywords_survive_import_and_export():
    package = golden("1.1")
    item = package["CFItems"][5]
    item["conceptKeywords"] = ["distributed leadership", *(item.get("conceptKeywords") or [])]
    framework = framework_import_case(actor=None, package=package).framework
    exported = by_id(export(framework)["CFItems"])[item["identifier"]]
    assert exported["conceptKeywords"] == item["conceptKeywords"]


def test_a_keyword_naming_a_theme_follows_the_items_tags_here():
    package = golden("1.1")
    framework = framework_import_case(actor=None, package=package).framework
    tagged = Item.objects.get(framework=framework, code="S1.D1.C1.1")
    tagged.themes.remove(*[t for t in tagged.themes.all() if t.title == "Equity"])
    exported = by_id(export(framework)["CFItems"])[str(tagged.identifier)]
    assert "Equity" not in exported["conceptKeywords"] and "Innovation" in exported["conceptKeywords"]


def test_absent_sequence_number_parent_and_adoption_status_stay_absent():
    package = published("opensalt_ordering")
    assert "adoptionStatus" not in package["CFDocument"]
    assert not any("sequenceNumber" in a for a in package["CFAssociations"])
    # An item the package places nowhere.
    loose = package["CFItems"][-1]["identifier"]
    package["CFAssociations"] = [
        a for a in package["CFAssociations"] if a["originNodeURI"]["identifier"] != loose
    ]
    framework = framework_import_case(actor=None, package=package).framework
    exported = export(framework)
    assert "adoptionStatus" not in exported["CFDocument"]
    assert not [a for a in exported["CFAssociations"] if "sequenceNumber" in a]
    assert not [a for a in exported["CFAssociations"] if a["originNodeURI"]["identifier"] == loose]
    assert {a["identifier"] for a in exported["CFAssociations"]} == {
        a["identifier"] for a in package["CFAssociations"]
    }, "no association invented"
    stored = Item.objects.get(identifier=loose)
    assert stored.sequence is None and stored.placement_identifier is None and stored.parent is None


def test_a_given_sequence_number_and_adoption_status_are_kept():
    package = golden("1.1")
    framework = framework_import_case(actor=None, package=copy.deepcopy(package)).framework
    exported = by_id(export(framework)["CFAssociations"])
    for association in package["CFAssociations"]:
        assert exported[association["identifier"]].get("sequenceNumber") == association.get("sequenceNumber")
    assert export(framework)["CFDocument"]["adoptionStatus"] == package["CFDocument"]["adoptionStatus"]


def test_a_1_1_package_without_case_version_is_recorded_as_1_1():
    opencase_like = golden("1.1")
    del opencase_like["CFDocument"]["caseVersion"]  # OpenCASE writes none
    assert case_version_of(opencase_like) == "1.1"
    framework = framework_import_case(actor=None, package=opencase_like).framework
    assert framework.case_version == "1.1"


@pytest.mark.parametrize(
    ("member", "where"),
    [
        ("frameworkType", "CFDocument"),
        ("extensions", "CFDocument"),
        ("subject", "CFItems"),
        ("subjectURI", "CFItems"),
        ("notes", "CFAssociations"),
    ],
)
def test_any_1_1_only_member_shows_the_version(member, where):
    package = golden("1.0")
    assert case_version_of(package) == "1.0"
    target = package["CFDocument"] if where == "CFDocument" else package[where][0]
    target[member] = {"title": "x", "identifier": "x", "uri": "x"} if member.endswith("URI") else ["x"]
    assert case_version_of(package) == "1.1"


def test_1_0_shaped_packages_without_case_version_stay_1_0():
    assert case_version_of(published("opensalt_ordering")) == "1.0"
    assert case_version_of(golden("1.0")) == "1.0"


def twice_listed() -> dict:
    """OpenSALT's sample, which writes "sequenceNumber": "1", with one association listed
    twice byte for byte as other published packages do."""
    package = published("opensalt_what_standards_could_be")
    package["CFAssociations"].insert(4, copy.deepcopy(package["CFAssociations"][2]))
    return package


def test_both_defects_are_refused_by_default_with_the_precise_error():
    with pytest.raises(CaseValidationError) as refused:
        framework_import_case(actor=None, package=twice_listed())
    errors = refused.value.errors
    assert "CFAssociations[4].identifier: also used by CFAssociations[2]" in errors
    assert "CFAssociations[16].sequenceNumber: must be a whole number" in errors
    assert "CFAssociations[32].sequenceNumber: must be a whole number" in errors


def test_repair_mends_exactly_those_defects_lists_each_and_imports():
    result = framework_import_case(actor=None, package=twice_listed(), repair=True)
    assert result.repairs == [
        "CFAssociations[4]: the same as CFAssociations[2], byte for byte; left out",
        'CFAssociations[16].sequenceNumber: "1" read as the number 1',
        'CFAssociations[32].sequenceNumber: "2" read as the number 2',
    ]
    exported = export(result.framework, "1.0")
    assert len(exported["CFAssociations"]) == len(
        published("opensalt_what_standards_could_be")["CFAssociations"]
    )
    assert sorted(a["sequenceNumber"] for a in exported["CFAssociations"] if "sequenceNumber" in a) == [1, 2]
    assert problems(package_validator("1.0"), exported) == []


def test_repair_does_not_touch_other_defects():
    package = twice_listed()
    package["CFAssociations"][0]["sequenceNumber"] = "first"
    duplicate = copy.deepcopy(package["CFAssociations"][1])
    duplicate["lastChangeDateTime"] = "2020-01-01T00:00:00+00:00"  # same identifier, not the same bytes
    package["CFAssociations"].append(duplicate)
    with pytest.raises(CaseValidationError) as refused:
        framework_import_case(actor=None, package=package, repair=True)
    assert refused.value.errors == [
        "CFAssociations[0].sequenceNumber: must be a whole number",
        # Counted in the package as repaired (the byte-for-byte copy at [4] left out).
        "CFAssociations[39].identifier: also used by CFAssociations[1]",
    ]
