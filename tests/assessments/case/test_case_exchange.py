"""CASE exchange: golden round trips, malformed packages, re-import in place."""

import copy
import json
from pathlib import Path

import pytest

from assessments.case.exporter import framework_load_for_export, framework_to_case
from assessments.case.importer import framework_import_case
from assessments.case.validation import CaseValidationError
from assessments.models import Framework, Item, ItemKind, Level
from core.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).parent / "golden"
BASE = "http://riverside.localhost"


def golden(version: str) -> dict:
    return json.loads((GOLDEN / f"deep_case_{version.replace('.', '_')}.json").read_text())


def normalized(package: dict) -> dict:
    """Order-free form: lists of CASE objects sorted by identifier, empty containers dropped."""

    def norm(value):
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items() if v not in ([], {}, None)}
        if isinstance(value, list):
            items = [norm(v) for v in value]
            if items and all(isinstance(v, dict) and "identifier" in v for v in items):
                return sorted(items, key=lambda v: v["identifier"])
            return items
        return value

    return norm(package)


def export(framework, version="1.1", *, standalone=False):
    return framework_to_case(
        framework_load_for_export(framework_id=framework.pk),
        case_version=version,
        base_uri=BASE,
        standalone=standalone,
    )


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_import_export_import_is_lossless(version, admin):
    package = golden(version)
    first = framework_import_case(actor=admin, package=copy.deepcopy(package)).framework
    exported = export(first, version)
    assert normalized(exported) == normalized(package)

    again = framework_import_case(actor=admin, package=exported)
    assert again.framework.pk == first.pk and not again.created
    assert normalized(export(again.framework, version)) == normalized(package)


def test_deep_hierarchy_maps_to_domains_groups_competencies_and_indicators(admin):
    framework = framework_import_case(actor=admin, package=golden("1.1")).framework
    kinds = dict(
        (kind, Item.objects.filter(framework=framework, kind=kind).count()) for kind in ItemKind.values
    )
    assert kinds == {"domain": 2, "group": 4 + 4, "competency": 8, "indicator": 24}
    element = Item.objects.get(framework=framework, code="S1.D2.C1.2.3")
    assert element.depth == 5 and element.sequence == 3
    assert element.parent.code == "S1.D2.C1.2" and element.parent.parent.parent.parent.code == "S1"
    assert framework.audience == "leaders" and framework.adoption_status == "adopted"
    assert [t.title for t in Item.objects.get(framework=framework, code="S1.D1.C1.1").themes.all()] == [
        "Equity",
        "Innovation",
    ]


def test_first_rubric_gives_the_level_scale_with_proficient_levels(admin):
    framework = framework_import_case(actor=admin, package=golden("1.0")).framework
    scale = [(lv.name, int(lv.value), lv.is_proficient) for lv in Level.objects.filter(framework=framework)]
    assert scale == [
        ("Beginning", 1, False),
        ("Approaching", 2, False),
        ("Meeting", 3, True),
        ("Exceeding", 4, True),
    ]
    indicator = Item.objects.get(framework=framework, code="S2.D1.C1.1.2")
    descriptors = indicator.criteria.get(rubric__position=0).descriptors.order_by("position")
    assert [(d.level.name, d.text) for d in descriptors][2] == ("Meeting", "Meeting on S2.D1.C1.1.2.")


def test_export_1_0_drops_what_1_0_lacks(admin):
    framework = framework_import_case(actor=admin, package=golden("1.1")).framework
    exported = export(framework, "1.0")
    assert "caseVersion" not in exported["CFDocument"] and "extensions" not in exported["CFDocument"]
    assert all("notes" not in a for a in exported["CFAssociations"])
    assert exported["CFDocument"]["identifier"] == golden("1.1")["CFDocument"]["identifier"]


def test_edits_in_lodestar_show_in_the_export(admin):
    framework = framework_import_case(actor=admin, package=golden("1.1")).framework
    Item.objects.filter(framework=framework, code="S1").update(statement="Our own wording.")
    Framework.objects.filter(pk=framework.pk).update(title="Deep Leadership Standards (Riverside)")
    framework.refresh_from_db()
    exported = export(framework)
    assert exported["CFDocument"]["title"] == "Deep Leadership Standards (Riverside)"
    assert (
        next(i for i in exported["CFItems"] if i["humanCodingScheme"] == "S1")["fullStatement"]
        == "Our own wording."
    )


def test_malformed_package_is_refused_whole_naming_object_and_field(admin):
    package = golden("1.1")
    del package["CFItems"][12]["fullStatement"]
    package["CFItems"][3]["identifier"] = "not-a-uuid"
    package["CFAssociations"][0]["associationType"] = "isCousinOf"
    package["CFRubrics"][0]["CFRubricCriteria"][1]["CFRubricCriterionLevels"][0]["score"] = "high"
    before = (Framework.objects.count(), Item.objects.count())
    with pytest.raises(CaseValidationError) as refused:
        framework_import_case(actor=admin, package=package)
    errors = refused.value.errors
    assert "CFItems[12].fullStatement: required" in errors
    assert any(e.startswith("CFItems[3].identifier:") for e in errors)
    assert 'CFAssociations[0].associationType: "isCousinOf" is not a CASE association type' in errors
    assert "CFRubrics[0].CFRubricCriteria[1].CFRubricCriterionLevels[0].score: must be a number" in errors
    assert (Framework.objects.count(), Item.objects.count()) == before, "nothing written"


def test_hierarchy_loops_and_dangling_children_are_refused(admin):
    package = golden("1.1")
    first, second = package["CFAssociations"][0], package["CFAssociations"][1]
    first["destinationNodeURI"] = dict(second["originNodeURI"])  # S1 becomes a child of S1.D1
    with pytest.raises(CaseValidationError, match="loops"):
        framework_import_case(actor=admin, package=package)


def test_reimporting_a_newer_version_updates_in_place_and_retires_removed_items(admin):
    framework = framework_import_case(actor=admin, package=golden("1.1")).framework
    kept = Item.objects.get(framework=framework, code="S1.D1.C1.1.1")
    newer = golden("1.1")
    newer["CFDocument"]["version"] = "3.3"
    gone = next(i for i in newer["CFItems"] if i["humanCodingScheme"] == "S2.D2.C1.2.3")
    newer["CFItems"].remove(gone)
    newer["CFAssociations"] = [
        a for a in newer["CFAssociations"] if a["originNodeURI"]["identifier"] != gone["identifier"]
    ]
    for rubric in newer["CFRubrics"]:
        rubric["CFRubricCriteria"] = [
            c for c in rubric["CFRubricCriteria"] if c["CFItemURI"]["identifier"] != gone["identifier"]
        ]
    changed = next(i for i in newer["CFItems"] if i["humanCodingScheme"] == "S1.D1.C1.1.1")
    changed["fullStatement"] = "A clearer statement."

    result = framework_import_case(actor=admin, package=newer)
    assert result.framework.pk == framework.pk and result.counts["retired"] == 1
    kept.refresh_from_db()
    assert kept.statement == "A clearer statement." and not kept.is_retired
    retired = Item.objects.get(identifier=gone["identifier"])
    assert retired.is_retired, "kept for the ratings made against it"
    assert gone["identifier"] not in {i["identifier"] for i in export(result.framework)["CFItems"]}
    assert Framework.objects.get(pk=framework.pk).version == "3.3"


def test_reimport_keeps_every_existing_rating_even_on_retired_items():
    from assessments.models import Rating
    from assessments.self_assessment.services import (
        self_assessment_save,
        self_assessment_start,
        self_assessment_submit,
    )

    leader = person(Role.SCHOOL_LEADER)
    framework = framework_import_case(actor=None, package=golden("1.1")).framework
    Framework.objects.filter(pk=framework.pk).update(adoption_status="adopted")
    framework.refresh_from_db()
    meeting = Level.objects.get(framework=framework, name="Meeting")
    indicators = Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR)
    draft = self_assessment_start(actor=leader, framework=framework)
    self_assessment_save(
        actor=leader,
        self_assessment=draft,
        ratings=[{"indicator": i.pk, "level": meeting.pk} for i in indicators],
    )
    self_assessment_submit(actor=leader, self_assessment=draft)
    before = set(Rating.objects.filter(self_assessment=draft).values_list("indicator_id", "level_id"))

    newer = golden("1.1")
    gone = newer["CFItems"].pop()  # an element (level-5 item) removed upstream
    newer["CFAssociations"] = [
        a for a in newer["CFAssociations"] if gone["identifier"] not in (a["originNodeURI"]["identifier"],)
    ]
    for rubric in newer["CFRubrics"]:
        rubric["CFRubricCriteria"] = [
            c for c in rubric["CFRubricCriteria"] if c["CFItemURI"]["identifier"] != gone["identifier"]
        ]
    framework_import_case(actor=None, package=newer)

    assert set(Rating.objects.filter(self_assessment=draft).values_list("indicator_id", "level_id")) == before
    assert Item.objects.get(identifier=gone["identifier"]).is_retired


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda p: p.__setitem__("CFDocument", [1]), "CFDocument: must be an object"),
        (lambda p: p["CFAssociations"][0].__setitem__("originNodeURI", "x"), "CFAssociations[0].originNodeURI"),
        (lambda p: p["CFAssociations"][0].__setitem__("associationType", ["isChildOf"]), "associationType: must be text"),
        (lambda p: p["CFAssociations"][0].__setitem__("sequenceNumber", 10**12), "sequenceNumber: must be between"),
        (lambda p: p["CFAssociations"][0].__setitem__("sequenceNumber", True), "sequenceNumber: must be a whole number"),
        (lambda p: p["CFItems"][0].__setitem__("humanCodingScheme", "X" * 51), "humanCodingScheme: is 51 characters"),
        (lambda p: p["CFItems"][0].__setitem__("conceptKeywords", 5), "conceptKeywords: must be a list of text"),
        (lambda p: p["CFItems"][0].__setitem__("conceptKeywordsURI", {"identifier": "nope", "uri": "x"}), "is not a UUID"),
        (lambda p: p["CFRubrics"][0]["CFRubricCriteria"][0].__setitem__("CFItemURI", {"identifier": "nope", "uri": "x"}), "is not a UUID"),
        (lambda p: p["CFRubrics"][0]["CFRubricCriteria"][0].__setitem__("position", "one"), "position: must be a whole number"),
        (lambda p: p["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][0].__setitem__("quality", {}), "quality: must be text"),
        (lambda p: p["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][0].__setitem__("score", 10**9), "score: must be under"),
    ],
)  # fmt: skip
def test_wrong_types_and_sizes_are_named_errors_not_crashes(change, error, admin):
    package = golden("1.1")
    change(package)
    with pytest.raises(CaseValidationError) as refused:
        framework_import_case(actor=admin, package=package)
    assert any(error in e for e in refused.value.errors), refused.value.errors


def test_nulls_in_optional_fields_import_fine(admin):
    package = golden("1.1")
    package["CFDocument"]["version"] = None
    package["CFDocument"]["description"] = None
    package["CFDefinitions"]["CFConcepts"][0]["description"] = None
    package["CFRubrics"][1]["title"] = None
    package["CFItems"][5]["conceptKeywords"] = None
    framework = framework_import_case(actor=admin, package=package).framework
    assert framework.version == "" and export(framework)["CFDocument"]["identifier"] == str(
        framework.identifier
    )


def test_identifiers_held_by_another_framework_are_refused(admin):
    framework_import_case(actor=admin, package=golden("1.1"))
    original = golden("1.0")["CFDocument"]["identifier"]
    other = json.loads(json.dumps(golden("1.0")).replace(original, "8d2b5c1e-0000-4000-8000-000000000001"))
    with pytest.raises(CaseValidationError) as refused:
        framework_import_case(actor=admin, package=other)
    assert "CFItems[0].identifier: already used by another framework" in refused.value.errors
