"""Writes of submissions: starting, answering, evidence, submitting, resubmitting."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.audit import audit
from core.roles import Role
from core.uploads import checked_upload
from notifications.models import Kind
from notifications.services import Draft, notify_many
from pathways.models import (
    Answer,
    CatalogStatus,
    Credential,
    MicroCredential,
    Requirement,
    RequirementKind,
    Review,
    ReviewRole,
    Submission,
    SubmissionStatus,
)
from pathways.submissions.rules import (
    ANSWER_FIELD,
    CHANGE_REFUSAL,
    answer_field,
    may_change,
    submission_problems,
)
from pathways.submissions.selectors import submission_open_for_actor
from schools.models import DistrictPolicy, Membership
from webhooks.services import api_path, event_emit

# --- Helpers ---------------------------------------------------------------------------


def _holds_credential(person, micro_credential: MicroCredential) -> bool:
    """A valid credential for any version of the micro-credential."""
    return Credential.objects.filter(
        person=person, micro_credential__lineage=micro_credential.lineage, revoked_at__isnull=True
    ).exists()


def _lineage_attempts(person, micro_credential: MicroCredential) -> QuerySet[Submission]:
    """The person's attempts at any version of the micro-credential."""
    return Submission.objects.filter(person=person, micro_credential__lineage=micro_credential.lineage)


def _lock_person(person) -> None:
    """Attempts of one person are created one at a time, so numbering and limits hold."""
    User.objects.select_for_update().filter(pk=person.pk).first()


def _lock_own(actor, submission: Submission, *, statuses=(SubmissionStatus.IN_PROGRESS,)) -> Submission:
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("micro_credential")
        .get(pk=submission.pk)
    )
    if not may_change(actor=actor, submission=submission):
        raise PermissionDenied(CHANGE_REFUSAL)
    if submission.status not in statuses:
        raise ValidationError(
            {
                "status": f"This attempt is {submission.get_status_display().lower()}: "
                "it can no longer be changed."
            }
        )
    return submission


def _refuse_new_attempt(person, micro_credential: MicroCredential, policy: DistrictPolicy) -> int:
    """The next attempt's number, or a refusal: already held, one open, or none left."""
    if _holds_credential(person, micro_credential):
        raise ValidationError({"micro_credential": "You already hold this micro-credential."})
    current = submission_open_for_actor(actor=person, micro_credential=micro_credential)
    if current is not None:
        raise ValidationError(
            {
                "micro_credential": "You already have an open attempt at this micro-credential "
                f"(submission {current.pk})."
            }
        )
    attempts = _lineage_attempts(person, micro_credential)
    used = attempts.count()
    if used >= policy.credential_max_attempts:
        raise ValidationError(
            {
                "attempt": f"You have used all {policy.credential_max_attempts} attempts "
                "at this micro-credential."
            }
        )
    return (attempts.aggregate(n=Max("attempt"))["n"] or 0) + 1


def _copy_answers(source: Submission, target: Submission) -> None:
    """Carry the answers forward; each file is copied so every attempt keeps its own evidence."""
    for old in source.answers.all():
        new = Answer(
            submission=target,
            requirement_id=old.requirement_id,
            text=old.text,
            url=old.url,
            original_name=old.original_name,
            content_type=old.content_type,
            size=old.size,
        )
        if old.file.name:  # a stored file (what `if old.file` tests)
            with old.file.open("rb") as handle:
                new.file.save(old.original_name or old.file.name, handle, save=False)
        new.save()


def _delete_file_after_commit(file_field) -> None:
    name, storage = file_field.name, file_field.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _admin_ids() -> list[int]:
    return list(
        Membership.objects.current()
        .filter(role=Role.DISTRICT_ADMIN, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )


def _review_url(review: Review) -> str:
    return reverse("pathways:review-detail", args=[review.pk])


def second_review_due(number: int, percent: int) -> bool:
    """Bresenham over the district's submissions: the `number`-th one (1-based) gets a second
    review when it carries the running share past a whole review. 10 % is exactly every
    10th, 0 never, 100 always."""
    return number * percent // 100 > (number - 1) * percent // 100


# --- Services --------------------------------------------------------------------------


def _new_attempt(
    *, actor: User, micro_credential: MicroCredential, previous: Submission | None, attempt: int
):
    submission = Submission.objects.create(
        micro_credential=micro_credential, person=actor, attempt=attempt, previous_attempt=previous
    )
    if previous is not None and previous.micro_credential_id == micro_credential.pk:
        _copy_answers(previous, submission)
    return submission


def submission_event(submission: Submission) -> dict:
    """A submission's webhook payload: ids, status and link; the evidence stays here."""
    return {
        "submission": submission.pk,
        "person": submission.person_id,
        "micro_credential": submission.micro_credential_id,
        "attempt": submission.attempt,
        "status": submission.status,
        "links": {"submission": api_path("submission", submission.pk)},
    }


@transaction.atomic
def submission_start(*, actor: User, micro_credential: MicroCredential) -> Submission:
    """Start an attempt at a published micro-credential. Refused when the person already
    holds it (any version), has an open attempt at it, or has used every attempt the
    district allows. After a "not yet", starting again is the next attempt, linked to it."""
    if micro_credential.status != CatalogStatus.PUBLISHED:
        raise ValidationError({"micro_credential": "Only a published micro-credential can be started."})
    _lock_person(actor)
    policy = DistrictPolicy.current()
    number = _refuse_new_attempt(actor, micro_credential, policy)
    latest = _lineage_attempts(actor, micro_credential).order_by("-attempt", "-id").first()
    previous = latest if latest and latest.status == SubmissionStatus.NOT_YET else None
    submission = _new_attempt(
        actor=actor, micro_credential=micro_credential, previous=previous, attempt=number
    )
    audit(
        actor=actor,
        action="submission.started",
        target=submission,
        data={"micro_credential": micro_credential.pk, "attempt": number},
    )
    return submission


@transaction.atomic
def submission_resubmit(*, actor: User, submission: Submission) -> Submission:
    """Revise after "not yet": a new attempt (attempt + 1) linked to this one, its answers
    and copies of its files carried forward. Only the owner's latest attempt, only after
    "not yet", and only while attempts remain."""
    _lock_person(actor)
    submission = _lock_own(actor, submission, statuses=(SubmissionStatus.NOT_YET,))
    latest = _lineage_attempts(actor, submission.micro_credential).order_by("-attempt", "-id").first()
    assert latest is not None  # the submission itself is one of these attempts
    if latest.pk != submission.pk:
        raise ValidationError(
            {"status": f"A later attempt exists (submission {latest.pk}): revise that one."}
        )
    policy = DistrictPolicy.current()
    number = _refuse_new_attempt(actor, submission.micro_credential, policy)
    new = _new_attempt(
        actor=actor, micro_credential=submission.micro_credential, previous=submission, attempt=number
    )
    audit(actor=actor, action="submission.resubmitted", target=new, data={"previous_attempt": submission.pk})
    return new


@transaction.atomic
def answer_save(*, actor: User, submission: Submission, answers: list[dict]) -> Submission:
    """Autosave drafts: `[{"requirement": id, "text": ...}` or `"url": ...}]`. Saved even
    when not yet valid (over the word limit, a link that does not parse): the answers'
    `problems` say what to fix before submitting. Refused: another kind's field (a link
    for a written response), a file requirement (upload it), a requirement of another
    micro-credential."""
    submission = _lock_own(actor, submission)
    requirements = {r.pk: r for r in submission.micro_credential.requirements.all()}
    errors: dict[str, str] = {}
    changes: list[tuple[Requirement, str, str]] = []
    for item in answers:
        requirement_id = item.get("requirement")
        requirement = requirements.get(requirement_id) if requirement_id is not None else None
        if requirement is None:
            errors["answers"] = f"Requirement {requirement_id} is not one of this micro-credential's."
            continue
        prefix = f"answers[{requirement.position}]"
        if requirement.kind == RequirementKind.FILE:
            errors[f"{prefix}.file"] = "This requirement asks for a file: upload it."
            continue
        wanted = ANSWER_FIELD[requirement.kind]
        other = "url" if wanted == "text" else "text"
        if item.get(other):
            errors[f"{prefix}.{other}"] = (
                f"This requirement asks for {requirement.get_kind_display().lower()}."
            )
        elif wanted not in item:
            errors[f"{prefix}.{wanted}"] = "Give the answer (it may be empty)."
        else:
            value = item[wanted] if wanted == "text" else item[wanted].strip()
            url_limit = Answer._meta.get_field("url").max_length
            if wanted == "url" and url_limit is not None and len(value) > url_limit:
                errors[f"{prefix}.url"] = "A link is at most 1000 characters."
            else:
                changes.append((requirement, wanted, value))
    if errors:
        raise ValidationError(errors)
    existing = {answer.requirement_id: answer for answer in submission.answers.all()}
    for requirement, field, value in changes:
        answer = existing.get(requirement.pk) or Answer(submission=submission, requirement=requirement)
        setattr(answer, field, value)
        answer.save()
        existing[requirement.pk] = answer
    submission.save(update_fields=["updated_at"])
    audit(
        actor=actor,
        action="submission.answers_saved",
        target=submission,
        data={"requirements": [r.pk for r, _, _ in changes]},
    )
    return submission


def _file_requirement(submission: Submission, requirement: Requirement) -> Requirement:
    if requirement.micro_credential_id != submission.micro_credential_id:
        raise ValidationError({"requirement": "Not one of this micro-credential's requirements."})
    if requirement.kind != RequirementKind.FILE:
        field = answer_field(requirement)
        raise ValidationError({field: f"This requirement asks for {requirement.get_kind_display().lower()}."})
    return requirement


@transaction.atomic
def evidence_upload(
    *, actor: User, submission: Submission, requirement: Requirement, uploaded_file
) -> Answer:
    """Attach the file answering a file requirement, replacing any earlier one. Checked by
    name and content, up to PATHWAYS_EVIDENCE_MAX_BYTES; stored under the district's own
    folder with a random name and served only through an access-checked download."""
    submission = _lock_own(actor, submission)
    _file_requirement(submission, requirement)
    upload = checked_upload(uploaded_file, max_bytes=settings.PATHWAYS_EVIDENCE_MAX_BYTES, field="file")
    answer = submission.answers.filter(requirement=requirement).first() or Answer(
        submission=submission, requirement=requirement
    )
    if answer.file:
        _delete_file_after_commit(answer.file)
    answer.original_name, answer.content_type, answer.size = upload.name, upload.content_type, upload.size
    answer.file.save(upload.name, uploaded_file, save=False)
    answer.save()
    submission.save(update_fields=["updated_at"])
    audit(
        actor=actor,
        action="submission.evidence_uploaded",
        target=submission,
        data={"requirement": requirement.pk, "name": upload.name, "size": upload.size},
    )
    return answer


@transaction.atomic
def evidence_remove(*, actor: User, submission: Submission, requirement: Requirement) -> None:
    submission = _lock_own(actor, submission)
    _file_requirement(submission, requirement)
    answer = submission.answers.filter(requirement=requirement).first()
    if answer is None or not answer.file:
        raise ValidationError({answer_field(requirement): "There is no file to remove."})
    _delete_file_after_commit(answer.file)
    answer.file, answer.original_name, answer.content_type, answer.size = "", "", "", None
    answer.save()
    audit(
        actor=actor,
        action="submission.evidence_removed",
        target=submission,
        data={"requirement": requirement.pk},
    )


@transaction.atomic
def submission_submit(*, actor: User, submission: Submission) -> Submission:
    """Hand in an attempt for review. Every requirement answered, written responses within
    their word limits, links that parse, files present (they were checked on upload).
    Whether it also gets a second review is decided here, deterministically (see
    `second_review_due`); reviewers are assigned in turn, and when nobody is free the
    district administrators are told."""
    submission = _lock_own(actor, submission)
    problems = submission_problems(submission, complete=True)
    if problems:
        raise ValidationError(problems)
    DistrictPolicy.current()
    # The policy row is the district's lock: submissions are numbered one at a time.
    policy = DistrictPolicy.objects.select_for_update().get(pk=1)
    number = Submission.objects.filter(submitted_at__isnull=False).count() + 1
    submission.needs_second_review = second_review_due(number, policy.second_review_percent)
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save(update_fields=["needs_second_review", "status", "submitted_at", "updated_at"])
    audit(
        actor=actor,
        action="submission.submitted",
        target=submission,
        data={"attempt": submission.attempt, "needs_second_review": submission.needs_second_review},
    )
    event_emit(type="submission.submitted", data=submission_event(submission))
    from pathways.reviews.services.assignment import review_assign

    first = review_assign(submission=submission)
    second = None
    if first is not None and submission.needs_second_review:
        second = review_assign(submission=submission, role=ReviewRole.SECOND)
    title = submission.micro_credential.title
    url = reverse("pathways:submission-edit", args=[submission.pk])
    drafts = [
        Draft(
            recipient_id=submission.person_id,
            kind=Kind.SUBMISSION_RECEIVED,
            title=f"Submitted: {title}",
            body=f"Attempt {submission.attempt} is in for review. You will hear when it is decided.",
            url=url,
        )
    ]
    if first is None or (submission.needs_second_review and second is None):
        drafts += [
            Draft(
                recipient_id=admin_id,
                kind=Kind.SUBMISSION_UNASSIGNED,
                title=f"No reviewer free for a submission: {title}",
                body="Add reviewers to the pool (or reactivate one); the submission waits until then.",
            )
            for admin_id in _admin_ids()
        ]
    if submission.previous_attempt_id:
        earlier = Review.objects.filter(submission_id=submission.previous_attempt_id).order_by("id")
        seen = set()
        for review in earlier:
            if review.reviewer_id in seen:
                continue
            seen.add(review.reviewer_id)
            drafts.append(
                Draft(
                    recipient_id=review.reviewer_id,
                    kind=Kind.SUBMISSION_RESUBMITTED,
                    title=f"Resubmitted: {title}",
                    body=f"A submission you reviewed came back revised as attempt {submission.attempt}.",
                    url=_review_url(review),
                )
            )
    notify_many(drafts)
    return submission
