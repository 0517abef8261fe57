"""The catalog's services: drafts, requirements, publishing, versions, and their refusals."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments.models import Item, ItemKind
from core.models import AuditEvent
from core.roles import Role
from pathways.catalog import selectors, services
from pathways.models import CatalogStatus, Credential, CredentialKind, MicroCredential, Submission
from tests.factories import person
from tests.pathways.factories import competency, micro_credential

pytestmark = pytest.mark.django_db


def requirement(**overrides) -> dict:
    row = {
        "title": "Your lesson plan",
        "prompt": "Share a plan with your open questions marked.",
        "kind": "text",
        "word_limit": 300,
        "passing_criteria": "At least three open questions, each with planned wait time.",
    }
    return {**row, **overrides}


def draft(admin, **overrides):
    fields = {
        "title": "Questioning for deeper thinking",
        "competency": competency(),
        "key_method": "Plan open questions and wait.",
        "summary": "Open questions in a real lesson.",
        "method_components": ["Plan", "Wait", "Build"],
        "resources": [{"title": "Guide", "url": "https://example.org/guide"}],
        "roles": ["teacher"],
        "hours": "2.5",
        "requirements": [requirement(), requirement(kind="link", word_limit=None, title="A video")],
    }
    return services.micro_credential_create(actor=admin, **{**fields, **overrides})


def errors(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


def test_a_new_micro_credential_is_a_draft_with_ordered_requirements_and_is_audited(admin):
    mc = draft(admin)
    assert (mc.status, mc.version, mc.previous_version) == (CatalogStatus.DRAFT, 1, None)
    assert [(r.position, r.kind, r.word_limit) for r in mc.requirements.order_by("position")] == [
        (1, "text", 300),
        (2, "link", None),
    ]
    assert AuditEvent.objects.filter(action="micro_credential.created", target_id=str(mc.pk)).exists()


def test_only_catalog_managers_write_the_catalog(admin):
    for role in (Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE):
        with pytest.raises(PermissionDenied):
            draft(person(role))
    mc = draft(admin)
    with pytest.raises(PermissionDenied):
        services.micro_credential_publish(actor=person(Role.CENTRAL_OFFICE), micro_credential=mc)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"resources": [{"title": "A", "url": "https://a.org"}, {"title": "B", "url": "ftp://b.org"}]},
            "resources[1].url",
        ),
        ({"resources": [{"title": "", "url": "https://a.org"}]}, "resources[0].title"),
        ({"resources": [{"title": "A", "url": "javascript:alert(1)"}]}, "resources[0].url"),
        ({"roles": ["teacher", "janitor"]}, "roles"),
        ({"hours": "500.5"}, "hours"),
        ({"hours": "-1"}, "hours"),
        ({"title": "  "}, "title"),
        ({"key_method": ""}, "key_method"),
        ({"method_components": ["Plan", " "]}, "method_components[1]"),
        ({"requirements": [requirement(), requirement(word_limit=None)]}, "requirements[1].word_limit"),
        ({"requirements": [requirement(word_limit=5001)]}, "requirements[0].word_limit"),
        ({"requirements": [requirement(word_limit=0)]}, "requirements[0].word_limit"),
        ({"requirements": [requirement(kind="file", word_limit=100)]}, "requirements[0].word_limit"),
        ({"requirements": [requirement(passing_criteria=" ")]}, "requirements[0].passing_criteria"),
        ({"requirements": [requirement(kind="video")]}, "requirements[0].kind"),
    ],
)
def test_bad_input_is_refused_naming_the_field(admin, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        draft(admin, **overrides)
    assert field in errors(excinfo)
    assert not MicroCredential.objects.exists()


def test_the_competency_must_be_a_live_competency(admin):
    domain = Item.objects.filter(kind=ItemKind.DOMAIN).first()
    retired = competency(index=1)
    Item.objects.filter(pk=retired.pk).update(is_retired=True)
    for bad in (domain, retired, 999999, "x"):
        with pytest.raises(ValidationError) as excinfo:
            draft(admin, competency=bad)
        assert "competency" in errors(excinfo)


def test_roles_are_kept_in_one_order_without_repeats(admin):
    mc = draft(admin, roles=["school_leader", "teacher", "teacher"])
    assert mc.roles == ["teacher", "school_leader"]


def test_a_draft_is_edited_and_its_requirements_replaced_in_order(admin):
    mc = draft(admin)
    services.micro_credential_update(
        actor=admin,
        micro_credential=mc,
        title="Questioning, revised",
        requirements=[
            requirement(kind="file", word_limit=None, title="Artefact"),
            requirement(title="Reflect"),
        ],
    )
    mc.refresh_from_db()
    assert mc.title == "Questioning, revised"
    assert list(mc.requirements.order_by("position").values_list("title", flat=True)) == [
        "Artefact",
        "Reflect",
    ]
    services.micro_credential_requirements_set(actor=admin, micro_credential=mc, requirements=[requirement()])
    assert mc.requirements.count() == 1


def test_an_unknown_field_cannot_be_changed(admin):
    with pytest.raises(ValidationError) as excinfo:
        services.micro_credential_update(actor=admin, micro_credential=draft(admin), status="published")
    assert "status" in errors(excinfo)


def test_a_published_micro_credential_is_frozen_and_says_to_make_a_new_version(admin):
    mc = services.micro_credential_publish(actor=admin, micro_credential=draft(admin))
    with pytest.raises(ValidationError) as excinfo:
        services.micro_credential_update(actor=admin, micro_credential=mc, title="Changed")
    assert "new version" in errors(excinfo)["status"][0]
    with pytest.raises(ValidationError):
        services.micro_credential_requirements_set(
            actor=admin, micro_credential=mc, requirements=[requirement()]
        )
    mc.refresh_from_db()
    assert mc.title == "Questioning for deeper thinking"


def test_publishing_needs_a_requirement(admin):
    mc = draft(admin, requirements=[])
    with pytest.raises(ValidationError) as excinfo:
        services.micro_credential_publish(actor=admin, micro_credential=mc)
    assert "requirements" in errors(excinfo)
    mc.refresh_from_db()
    assert mc.status == CatalogStatus.DRAFT


def test_publishing_sets_the_date_and_only_a_draft_can_be_published(admin):
    mc = services.micro_credential_publish(actor=admin, micro_credential=draft(admin))
    assert mc.status == CatalogStatus.PUBLISHED and mc.published_at is not None
    with pytest.raises(ValidationError) as excinfo:
        services.micro_credential_publish(actor=admin, micro_credential=mc)
    assert "status" in errors(excinfo)


def test_retiring_takes_a_published_one_out_and_only_a_published_one(admin):
    mc = draft(admin)
    with pytest.raises(ValidationError):
        services.micro_credential_retire(actor=admin, micro_credential=mc)
    services.micro_credential_publish(actor=admin, micro_credential=mc)
    mc = services.micro_credential_retire(actor=admin, micro_credential=mc)
    assert mc.status == CatalogStatus.RETIRED
    assert AuditEvent.objects.filter(action="micro_credential.retired", target_id=str(mc.pk)).exists()


def test_a_new_version_is_a_draft_copy_in_the_same_lineage(admin):
    v1 = services.micro_credential_publish(actor=admin, micro_credential=draft(admin))
    v2 = services.micro_credential_new_version(actor=admin, micro_credential=v1)
    assert (v2.status, v2.version, v2.lineage, v2.previous_version_id) == ("draft", 2, v1.lineage, v1.pk)
    assert v2.title == v1.title and v2.roles == v1.roles and v2.resources == v1.resources
    assert list(
        v2.requirements.values_list("position", "title", "kind", "word_limit", "passing_criteria")
    ) == list(v1.requirements.values_list("position", "title", "kind", "word_limit", "passing_criteria"))
    v1.refresh_from_db()
    assert v1.status == CatalogStatus.PUBLISHED  # until the new version is published


def test_a_new_version_is_refused_while_the_lineage_has_a_draft(admin):
    v1 = services.micro_credential_publish(actor=admin, micro_credential=draft(admin))
    services.micro_credential_new_version(actor=admin, micro_credential=v1)
    with pytest.raises(ValidationError) as excinfo:
        services.micro_credential_new_version(actor=admin, micro_credential=v1)
    assert "already a draft" in errors(excinfo)["status"][0]
    assert MicroCredential.objects.filter(lineage=v1.lineage).count() == 2


def test_a_draft_cannot_be_versioned_nor_an_older_version(admin):
    mc = draft(admin)
    with pytest.raises(ValidationError):
        services.micro_credential_new_version(actor=admin, micro_credential=mc)
    v1 = services.micro_credential_publish(actor=admin, micro_credential=mc)
    v2 = services.micro_credential_new_version(actor=admin, micro_credential=v1)
    services.micro_credential_publish(actor=admin, micro_credential=v2)
    v1.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.micro_credential_new_version(actor=admin, micro_credential=v1)
    assert "newer" in errors(excinfo)["status"][0]


def test_publishing_a_new_version_retires_the_old_one_and_submissions_keep_theirs(admin):
    v1 = services.micro_credential_publish(actor=admin, micro_credential=draft(admin))
    teacher = person(Role.TEACHER)
    attempt = Submission.objects.create(micro_credential=v1, person=teacher)
    v2 = services.micro_credential_new_version(actor=admin, micro_credential=v1)
    services.micro_credential_update(actor=admin, micro_credential=v2, title="Questioning (2025)")
    services.micro_credential_publish(actor=admin, micro_credential=v2)
    v1.refresh_from_db()
    v2.refresh_from_db()
    attempt.refresh_from_db()
    assert (v1.status, v2.status) == (CatalogStatus.RETIRED, CatalogStatus.PUBLISHED)
    assert attempt.micro_credential_id == v1.pk
    assert AuditEvent.objects.filter(action="micro_credential.retired", target_id=str(v1.pk)).exists()
    # A retired lineage can take a new version too.
    services.micro_credential_retire(actor=admin, micro_credential=v2)
    v3 = services.micro_credential_new_version(actor=admin, micro_credential=v2)
    assert v3.version == 3


def test_teachers_see_only_published_ones_and_drafts_are_missing_to_them(admin):
    from django.http import Http404

    published = micro_credential(title="Published")
    hidden = micro_credential(title="Hidden", status=CatalogStatus.DRAFT)
    retired = micro_credential(title="Old", status=CatalogStatus.RETIRED)
    teacher = person(Role.TEACHER)
    assert list(selectors.micro_credential_list_for_actor(actor=teacher)) == [published]
    assert set(selectors.micro_credential_list_for_actor(actor=admin)) == {published, hidden, retired}
    with pytest.raises(Http404):
        selectors.micro_credential_get_for_actor(actor=teacher, micro_credential_id=hidden.pk)
    # A retired version still shows its scoring guide (a credential may point at it).
    assert selectors.micro_credential_get_for_actor(actor=teacher, micro_credential_id=retired.pk) == retired
    assert selectors.micro_credential_get_for_actor(actor=admin, micro_credential_id=hidden.pk) == hidden


def test_standing_follows_the_latest_attempt_and_a_valid_credential(admin):
    teacher = person(Role.TEACHER)
    started, waiting, reviewing, failed, earned, revoked, fresh = (
        micro_credential(title=f"MC {i}") for i in range(7)
    )
    Submission.objects.create(micro_credential=started, person=teacher)
    Submission.objects.create(micro_credential=waiting, person=teacher, status="submitted")
    Submission.objects.create(micro_credential=reviewing, person=teacher, status="in_review")
    first = Submission.objects.create(micro_credential=failed, person=teacher, status="not_yet")
    Submission.objects.create(
        micro_credential=failed, person=teacher, status="not_yet", attempt=2, previous_attempt=first
    )
    won = Submission.objects.create(micro_credential=earned, person=teacher, status="earned")
    lost = Submission.objects.create(micro_credential=revoked, person=teacher, status="earned")
    from django.utils import timezone

    Credential.objects.create(
        kind=CredentialKind.MICRO_CREDENTIAL, person=teacher, micro_credential=earned, submission=won,
        issued_at=timezone.now(),
    )  # fmt: skip
    Credential.objects.create(
        kind=CredentialKind.MICRO_CREDENTIAL, person=teacher, micro_credential=revoked, submission=lost,
        issued_at=timezone.now(), revoked_at=timezone.now(), revocation_reason="Plagiarism",
    )  # fmt: skip
    everything = [started, waiting, reviewing, failed, earned, revoked, fresh]
    standing = selectors.standing_for_actor(actor=teacher, lineages=[mc.lineage for mc in everything])
    got = {mc.title: (standing.get(str(mc.lineage), selectors.NOT_STARTED).state) for mc in everything}
    assert got == {
        "MC 0": "in_progress",
        "MC 1": "submitted",
        "MC 2": "in_review",
        "MC 3": "not_yet",
        "MC 4": "earned",
        "MC 5": "not_started",
        "MC 6": "not_started",
    }
    assert standing[str(failed.lineage)].attempts == 2
    # Someone else's attempts never show.
    assert selectors.standing_for_actor(actor=admin, lineages=[mc.lineage for mc in everything]) == {}


def test_an_earned_credential_on_an_older_version_counts_for_the_lineage(admin):
    v1 = services.micro_credential_publish(actor=admin, micro_credential=draft(admin))
    teacher = person(Role.TEACHER)
    won = Submission.objects.create(micro_credential=v1, person=teacher, status="earned")
    from django.utils import timezone

    Credential.objects.create(
        kind=CredentialKind.MICRO_CREDENTIAL, person=teacher, micro_credential=v1, submission=won,
        issued_at=timezone.now(),
    )  # fmt: skip
    v2 = services.micro_credential_publish(
        actor=admin, micro_credential=services.micro_credential_new_version(actor=admin, micro_credential=v1)
    )
    assert (
        selectors.standing_for_actor(actor=teacher, lineages=[v2.lineage])[str(v2.lineage)].state == "earned"
    )
