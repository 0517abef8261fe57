"""Pathways: curation refusals, enrollment rules, progress with prerequisites and n-of-m
groups, and completion (recorded once, one LearningProgram credential)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent
from core.roles import Role
from notifications.models import Kind, Notification
from pathways.models import (
    ActivityCompletion,
    CatalogStatus,
    Credential,
    CredentialKind,
    Enrollment,
    EnrollmentStatus,
)
from pathways.programs import services
from pathways.programs.progress import progress_for
from pathways.programs.services import enrollments_refresh
from tests.factories import SupervisionFactory, person
from tests.pathways.factories import earned_credential, micro_credential, pathway

pytestmark = pytest.mark.django_db


def activity(title="Read the guide", **extra):
    return {"kind": "activity", "title": title, "url": "https://example.org/a", "hours": "1.5", **extra}


def fields_of(error: ValidationError) -> dict:
    return error.value.message_dict


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


# --- Curation ---------------------------------------------------------------------------


def test_curator_writes_a_pathway_with_steps_groups_and_prerequisites(admin):
    mc = micro_credential()
    made = services.pathway_create(
        actor=admin,
        title="New teacher leader",
        roles=["teacher"],
        is_leadership=True,
        steps=[
            activity("Orientation"),
            {"kind": "micro_credential", "micro_credential": mc.pk, "prerequisites": [1]},
            activity("Option A", group=1),
            activity("Option B", group=1),
            activity("Option C", group=1),
        ],
        groups=[{"title": "Electives", "required_count": 2}],
    )
    steps = list(made.steps.order_by("position"))
    assert [s.position for s in steps] == [1, 2, 3, 4, 5]
    assert list(steps[1].prerequisites.all()) == [steps[0]]
    assert made.groups.get().required_count == 2 and steps[4].group.title == "Electives"
    assert made.status == CatalogStatus.DRAFT
    assert AuditEvent.objects.filter(action="pathway.created", target_id=str(made.pk)).exists()


def test_a_cycle_of_prerequisites_is_refused_naming_the_step(admin):
    steps = [
        activity("A"),
        activity("B", prerequisites=[4]),
        activity("C", prerequisites=[2]),
        activity("D", prerequisites=[3]),
    ]
    with pytest.raises(ValidationError) as error:
        services.pathway_create(actor=admin, title="Loop", steps=steps)
    assert "steps[1].prerequisites" in fields_of(error)


def test_a_step_cannot_be_its_own_prerequisite(admin):
    with pytest.raises(ValidationError) as error:
        services.pathway_create(
            actor=admin, title="Self", steps=[activity("A"), activity("B", prerequisites=[2])]
        )
    assert fields_of(error)["steps[1].prerequisites"] == ["A step cannot be its own prerequisite."]


@pytest.mark.parametrize("count", [0, 3])
def test_a_group_requires_between_one_and_its_size(admin, count):
    steps = [activity("A", group=1), activity("B", group=1)]
    with pytest.raises(ValidationError) as error:
        services.pathway_create(
            actor=admin, title="G", steps=steps, groups=[{"title": "Pick", "required_count": count}]
        )
    assert "groups[0].required_count" in fields_of(error)


def test_an_unpublished_micro_credential_cannot_be_a_step(admin):
    draft = micro_credential(status=CatalogStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.pathway_create(
            actor=admin, title="P", steps=[{"kind": "micro_credential", "micro_credential": draft.pk}]
        )
    assert "steps[0].micro_credential" in fields_of(error)


def test_an_activity_link_must_be_http(admin):
    with pytest.raises(ValidationError) as error:
        services.pathway_create(actor=admin, title="P", steps=[activity(url="javascript:alert(1)")])
    assert "steps[0].url" in fields_of(error)


def test_only_curators_write_pathways():
    with pytest.raises(PermissionDenied):
        services.pathway_create(actor=person(Role.TEACHER), title="Mine", steps=[activity()])


def test_publish_needs_a_step_and_retire_needs_published(admin):
    empty = services.pathway_create(actor=admin, title="Empty")
    with pytest.raises(ValidationError) as error:
        services.pathway_publish(actor=admin, pathway=empty)
    assert "steps" in fields_of(error)
    with pytest.raises(ValidationError):
        services.pathway_retire(actor=admin, pathway=empty)
    made = services.pathway_create(actor=admin, title="One", steps=[activity()])
    assert services.pathway_publish(actor=admin, pathway=made).status == CatalogStatus.PUBLISHED
    assert services.pathway_retire(actor=admin, pathway=made).status == CatalogStatus.RETIRED


def test_with_people_enrolled_steps_can_be_added_but_not_removed(admin):
    made = pathway(steps=["activity", "activity"])
    Enrollment.objects.create(pathway=made, person=person(Role.TEACHER))
    first, second = made.steps.order_by("position")
    with pytest.raises(ValidationError) as error:
        services.pathway_update(actor=admin, pathway=made, steps=[{"id": first.pk, **activity("Kept")}])
    assert "steps" in fields_of(error)
    services.pathway_update(
        actor=admin,
        pathway=made,
        steps=[
            activity("New first"),
            {"id": first.pk, **activity("Kept")},
            {"id": second.pk, **activity("Too")},
        ],
    )
    assert list(made.steps.order_by("position").values_list("pk", flat=True))[1:] == [first.pk, second.pk]


# --- Enrollment -------------------------------------------------------------------------


def test_a_person_enrols_themselves_without_a_notification():
    teacher = person(Role.TEACHER)
    enrollment = services.enrollment_create(actor=teacher, pathway=pathway(), person=teacher)
    assert enrollment.status == EnrollmentStatus.ACTIVE and enrollment.enrolled_by == teacher
    assert not Notification.objects.filter(recipient=teacher, kind=Kind.PATHWAY_ENROLLED).exists()


def test_a_supervisor_enrols_their_supervisee_who_is_told():
    teacher, principal = person(Role.TEACHER), person(Role.SCHOOL_LEADER)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    services.enrollment_create(actor=principal, pathway=pathway(), person=teacher)
    assert Notification.objects.filter(recipient=teacher, kind=Kind.PATHWAY_ENROLLED).count() == 1


def test_a_stranger_cannot_enrol_someone_but_an_admin_can(admin):
    teacher, other = person(Role.TEACHER), person(Role.SCHOOL_LEADER)
    path = pathway()
    with pytest.raises(PermissionDenied):
        services.enrollment_create(actor=other, pathway=path, person=teacher)
    assert services.enrollment_create(actor=admin, pathway=path, person=teacher).enrolled_by == admin


def test_one_live_enrollment_per_pathway_and_only_published_ones():
    teacher = person(Role.TEACHER)
    path = pathway()
    first = services.enrollment_create(actor=teacher, pathway=path, person=teacher)
    with pytest.raises(ValidationError) as error:
        services.enrollment_create(actor=teacher, pathway=path, person=teacher)
    assert "pathway" in fields_of(error)
    services.enrollment_withdraw(actor=teacher, enrollment=first)
    assert services.enrollment_create(actor=teacher, pathway=path, person=teacher).pk != first.pk
    with pytest.raises(ValidationError) as error:
        services.enrollment_create(actor=teacher, pathway=pathway(status=CatalogStatus.DRAFT), person=teacher)
    assert "pathway" in fields_of(error)


def test_only_the_person_marks_their_activities_done():
    teacher = person(Role.TEACHER)
    path = pathway(steps=["activity", "activity"])
    enrollment = services.enrollment_create(actor=teacher, pathway=path, person=teacher)
    with pytest.raises(PermissionDenied):
        services.activity_complete(actor=person(Role.TEACHER), enrollment=enrollment, step=path.steps.first())


# --- Progress ---------------------------------------------------------------------------


def test_prerequisites_must_be_done_first():
    teacher = person(Role.TEACHER)
    mc = micro_credential()
    path = pathway(steps=[mc, "activity", "activity"])
    one, two, three = path.steps.order_by("position")
    three.prerequisites.set([one, two])
    enrollment = services.enrollment_create(actor=teacher, pathway=path, person=teacher)
    with pytest.raises(ValidationError) as error:
        services.activity_complete(actor=teacher, enrollment=enrollment, step=three)
    assert fields_of(error)["step"] == ["Finish its prerequisites first: step 1, step 2."]
    services.activity_complete(actor=teacher, enrollment=enrollment, step=two, note="Done")
    progress = progress_for([enrollment])[enrollment.pk]
    assert progress.state_of(three.pk).missing == [1]
    assert [s.pk for s in progress.next_steps] == [one.pk]
    earned_credential(teacher, mc)
    progress = progress_for([enrollment])[enrollment.pk]
    assert [s.pk for s in progress.next_steps] == [three.pk]
    assert (progress.steps_done, progress.steps_needed) == (2, 3)
    assert (progress.hours_done, progress.hours_total) == (mc.hours + 1, mc.hours + 2)


def test_any_version_of_the_lineage_counts_and_a_revoked_credential_does_not():
    teacher = person(Role.TEACHER)
    old = micro_credential(status=CatalogStatus.RETIRED)
    new = micro_credential(lineage=old.lineage, version=2, previous_version=old, title=old.title)
    path = pathway(steps=[new])
    enrollment = Enrollment.objects.create(pathway=path, person=teacher)
    credential = earned_credential(teacher, old)
    assert progress_for([enrollment])[enrollment.pk].complete
    Credential.objects.filter(pk=credential.pk).update(
        revoked_at=timezone.now(), revocation_reason="Plagiarised evidence."
    )
    assert not progress_for([enrollment])[enrollment.pk].complete
    enrollments_refresh(person=teacher)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE


def test_a_group_needs_only_its_required_count():
    teacher = person(Role.TEACHER)
    path = pathway(steps=["activity", "activity", "activity", "activity"])
    group = path.groups.create(title="Pick two", required_count=2)
    path.steps.filter(position__gte=2).update(group=group)
    enrollment = services.enrollment_create(actor=teacher, pathway=path, person=teacher)
    steps = list(path.steps.order_by("position"))
    services.activity_complete(actor=teacher, enrollment=enrollment, step=steps[0])
    services.activity_complete(actor=teacher, enrollment=enrollment, step=steps[2])
    progress = progress_for([enrollment])[enrollment.pk]
    assert (progress.steps_done, progress.steps_needed, progress.complete) == (2, 3, False)
    services.activity_complete(actor=teacher, enrollment=enrollment, step=steps[3])
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED
    with pytest.raises(ValidationError) as error:
        services.activity_complete(actor=teacher, enrollment=enrollment, step=steps[1])
    assert "status" in fields_of(error)


# --- Completion -------------------------------------------------------------------------


def test_completion_is_recorded_once_with_one_pathway_credential_even_if_refreshed_twice():
    teacher = person(Role.TEACHER)
    mc = micro_credential()
    path = pathway(steps=[mc, "activity"])
    enrollment = Enrollment.objects.create(pathway=path, person=teacher)
    ActivityCompletion.objects.create(enrollment=enrollment, step=path.steps.get(position=2))
    enrollments_refresh(person=teacher)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE  # the micro-credential is not held yet

    earned_credential(teacher, mc)
    enrollments_refresh(person=teacher)
    completed_at = Enrollment.objects.get(pk=enrollment.pk).completed_at
    enrollments_refresh(person=teacher)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.completed_at == completed_at
    pathway_credentials = Credential.objects.filter(person=teacher, kind=CredentialKind.PATHWAY)
    assert list(pathway_credentials.values_list("enrollment_id", "pathway_id")) == [(enrollment.pk, path.pk)]
    assert Notification.objects.filter(recipient=teacher, kind=Kind.PATHWAY_COMPLETED).count() == 1
    assert AuditEvent.objects.filter(action="enrollment.completed", target_id=str(enrollment.pk)).count() == 1


def test_enrolling_with_everything_already_held_completes_at_once():
    teacher = person(Role.TEACHER)
    mc = micro_credential()
    earned_credential(teacher, mc)
    enrollment = services.enrollment_create(actor=teacher, pathway=pathway(steps=[mc]), person=teacher)
    assert enrollment.status == EnrollmentStatus.COMPLETED
