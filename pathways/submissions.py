"""Submissions: attempts at a micro-credential, their answers and evidence, and who reads them.

Lifecycle: (no row = not started) → in_progress (answers autosaved as drafts, even ones not
yet valid, so nothing typed is lost) → submitted (no reviewer free yet) / in_review →
earned | not_yet. After "not yet" the person revises and resubmits as a new attempt linked
to the earlier one, with the answers (and copies of the files) carried forward, up to the
district's `credential_max_attempts` across the micro-credential's lineage.

Errors about answers name the requirement by its position (1-indexed, as shown to people):
`answers[2].url` is the link answering the second requirement, `answers[3].file` the file
answering the third, `answers[1].text` the written response to the first.

Who reads a submission: its owner; a reviewer with a review on it (for its evidence; the
reviews pages show it through their own blind-aware serializer); district administrators
(`submission.view_any`), each such read written to the audit log.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.api import get_or_404
from core.audit import audit, audit_many
from core.permissions import can
from core.roles import Role
from core.uploads import checked_upload, upload_rule
from notifications.models import Kind
from notifications.services import Draft, notify_many
from pathways.models import (
    OPEN_SUBMISSION_STATUSES,
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
from schools.models import DistrictPolicy, Membership

ANSWER_FIELD = {RequirementKind.TEXT: "text", RequirementKind.LINK: "url", RequirementKind.FILE: "file"}
MISSING = {
    RequirementKind.TEXT: "Write your response to this requirement.",
    RequirementKind.LINK: "Give a link for this requirement.",
    RequirementKind.FILE: "Upload a file for this requirement.",
}
_is_web_address = URLValidator(schemes=["http", "https"])


def evidence_rule() -> str:
    return upload_rule(settings.PATHWAYS_EVIDENCE_MAX_BYTES)


# --- Checking answers ------------------------------------------------------------------


def word_count(text: str) -> int:
    """Words are whitespace-separated tokens, as a reader would count them."""
    return len(text.split())


def link_problem(url: str) -> str | None:
    try:
        _is_web_address(url)
    except ValidationError:
        return "This is not a web address: it must start with http:// or https:// and name a site."
    return None


def answer_field(requirement: Requirement) -> str:
    return f"answers[{requirement.position}].{ANSWER_FIELD[requirement.kind]}"


def answer_problems(requirement: Requirement, answer: Answer | None, *, complete: bool = False) -> list[str]:
    """What is wrong with an answer. A draft may be empty; `complete` (at submitting) also
    asks that every requirement be answered."""
    problems = []
    if requirement.kind == RequirementKind.TEXT:
        text = answer.text if answer else ""
        words = word_count(text)
        if requirement.word_limit and words > requirement.word_limit:
            problems.append(f"{words} words: the limit is {requirement.word_limit}.")
        empty = words == 0
    elif requirement.kind == RequirementKind.LINK:
        url = answer.url if answer else ""
        if url and (problem := link_problem(url)):
            problems.append(problem)
        empty = not url
    else:
        empty = not (answer and answer.file)
    if complete and empty:
        problems.append(MISSING[requirement.kind])
    return problems


def submission_problems(submission: Submission, *, complete: bool = False) -> dict[str, list[str]]:
    """Every answer's problems keyed by its field name (`answers[2].url`)."""
    answers = {answer.requirement_id: answer for answer in submission.answers.all()}
    problems = {}
    for requirement in submission.micro_credential.requirements.all():
        found = answer_problems(requirement, answers.get(requirement.pk), complete=complete)
        if found:
            problems[answer_field(requirement)] = found
    return problems


# --- Helpers ---------------------------------------------------------------------------


def holds_credential(person, micro_credential: MicroCredential) -> bool:
    """A valid credential for any version of the micro-credential."""
    return Credential.objects.filter(
        person=person, micro_credential__lineage=micro_credential.lineage, revoked_at__isnull=True
    ).exists()


def lineage_attempts(person, micro_credential: MicroCredential) -> QuerySet[Submission]:
    """The person's attempts at any version of the micro-credential."""
    return Submission.objects.filter(person=person, micro_credential__lineage=micro_credential.lineage)


def open_attempt(person, micro_credential: MicroCredential) -> Submission | None:
    return (
        lineage_attempts(person, micro_credential)
        .filter(status__in=OPEN_SUBMISSION_STATUSES)
        .order_by("-attempt", "-id")
        .first()
    )


def _lock_person(person) -> None:
    """Attempts of one person are created one at a time, so numbering and limits hold."""
    User.objects.select_for_update().filter(pk=person.pk).first()


def _lock_own(actor, submission: Submission, *, statuses=(SubmissionStatus.IN_PROGRESS,)) -> Submission:
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("micro_credential")
        .get(pk=submission.pk)
    )
    if submission.person_id != actor.pk:
        raise PermissionDenied("Only the person who owns a submission can change it.")
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
    if holds_credential(person, micro_credential):
        raise ValidationError({"micro_credential": "You already hold this micro-credential."})
    current = open_attempt(person, micro_credential)
    if current is not None:
        raise ValidationError(
            {
                "micro_credential": "You already have an open attempt at this micro-credential "
                f"(submission {current.pk})."
            }
        )
    attempts = lineage_attempts(person, micro_credential)
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
        if old.file:
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


def _new_attempt(*, actor, micro_credential: MicroCredential, previous: Submission | None, attempt: int):
    submission = Submission.objects.create(
        micro_credential=micro_credential, person=actor, attempt=attempt, previous_attempt=previous
    )
    if previous is not None and previous.micro_credential_id == micro_credential.pk:
        _copy_answers(previous, submission)
    return submission


@transaction.atomic
def submission_start(*, actor, micro_credential: MicroCredential) -> Submission:
    """Start an attempt at a published micro-credential. Refused when the person already
    holds it (any version), has an open attempt at it, or has used every attempt the
    district allows. After a "not yet", starting again is the next attempt, linked to it."""
    if micro_credential.status != CatalogStatus.PUBLISHED:
        raise ValidationError({"micro_credential": "Only a published micro-credential can be started."})
    _lock_person(actor)
    policy = DistrictPolicy.current()
    number = _refuse_new_attempt(actor, micro_credential, policy)
    latest = lineage_attempts(actor, micro_credential).order_by("-attempt", "-id").first()
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
def submission_resubmit(*, actor, submission: Submission) -> Submission:
    """Revise after "not yet": a new attempt (attempt + 1) linked to this one, its answers
    and copies of its files carried forward. Only the owner's latest attempt, only after
    "not yet", and only while attempts remain."""
    _lock_person(actor)
    submission = _lock_own(actor, submission, statuses=(SubmissionStatus.NOT_YET,))
    latest = lineage_attempts(actor, submission.micro_credential).order_by("-attempt", "-id").first()
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
def answer_save(*, actor, submission: Submission, answers: list[dict]) -> Submission:
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
        requirement = requirements.get(item.get("requirement"))
        if requirement is None:
            errors["answers"] = (
                f"Requirement {item.get('requirement')} is not one of this micro-credential's."
            )
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
            if wanted == "url" and len(value) > Answer._meta.get_field("url").max_length:
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
def evidence_upload(*, actor, submission: Submission, requirement: Requirement, uploaded_file) -> Answer:
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
def evidence_remove(*, actor, submission: Submission, requirement: Requirement) -> None:
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
def submission_submit(*, actor, submission: Submission) -> Submission:
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
    from pathways.reviews import review_assign

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


# --- Selectors -------------------------------------------------------------------------


def sees_every_submission(actor) -> bool:
    return can(actor, "submission.view_any")


def submission_list_for_actor(*, actor) -> QuerySet[Submission]:
    """Your own attempts; every attempt for district administrators (each row of someone
    else's audited by `submission_audit_listed`)."""
    submissions = Submission.objects.select_related("micro_credential", "person")
    if sees_every_submission(actor):
        return submissions
    return submissions.filter(person=actor)


def submission_audit_listed(*, actor, submissions) -> None:
    others = [s for s in submissions if s.person_id != actor.pk]
    if others:
        audit_many(actor=actor, action="submission.listed", targets=others)


def _reviews_it(actor):
    return Exists(Review.objects.filter(submission=OuterRef("pk"), reviewer=actor))


def submission_get_for_actor(*, actor, submission_id) -> Submission:
    """One attempt for its owner, a reviewer with a review on it, or a district
    administrator; missing and invisible both 404. An administrator's read of someone
    else's attempt (not as its reviewer) is audited."""
    submissions = Submission.objects.select_related("micro_credential", "person").annotate(
        reviewed_by_actor=_reviews_it(actor)
    )
    if not sees_every_submission(actor):
        submissions = submissions.filter(Q(person=actor) | Q(reviewed_by_actor=True))
    submission = get_or_404(submissions, submission_id)
    if submission.person_id != actor.pk and not submission.reviewed_by_actor:
        audit(actor=actor, action="submission.read", target=submission)
    return submission


def evidence_get_for_actor(*, actor, submission_id, requirement_id) -> Answer:
    """The stored file answering a requirement, for whoever `submission_get_for_actor`
    lets read the submission (its assigned reviewers included), with the `download_name`
    this actor may see (see `evidence_name`)."""
    submission = submission_get_for_actor(actor=actor, submission_id=submission_id)
    answer = (
        Answer.objects.filter(submission=submission, requirement_id=_bounded(requirement_id))
        .exclude(file="")
        .select_related("requirement")
        .first()
    )
    if answer is None:
        raise Http404("No file for this requirement.")
    answer.download_name = evidence_name(
        answer, position=answer.requirement.position, blind=is_blind_reviewer(actor, submission)
    )
    return answer


def is_blind_reviewer(actor, submission: Submission) -> bool:
    """The actor reads the attempt only as the reviewer of a blind review of it."""
    return (
        submission.person_id != actor.pk
        and not sees_every_submission(actor)
        and Review.objects.filter(submission=submission, reviewer=actor, blind=True).exists()
    )


def evidence_name(answer: Answer, *, position: int, blind: bool) -> str:
    """The evidence file's name as shown and downloaded: the uploader's own, except under
    blind review, where a name like "maria-lopez-lesson.pdf" would say whose it is."""
    if not blind:
        return answer.original_name
    suffix = PurePosixPath(answer.original_name or answer.file.name).suffix.lower()
    return f"evidence-{position}{suffix}"


def _bounded(value) -> int | None:
    """An id from a URL, or None when it is no id at all (too large for the column)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def submission_results(submission: Submission) -> dict | None:
    """Once decided: the decision and, per requirement, pass / not yet with the feedback of
    the deciding review(s): the adjudication when reviewers disagreed, else the first
    (and second) review. None while undecided."""
    if submission.status not in (SubmissionStatus.EARNED, SubmissionStatus.NOT_YET):
        return None
    reviews = list(
        Review.objects.filter(submission=submission, completed_at__isnull=False)
        .prefetch_related("scores")
        .order_by("assigned_at", "id")
    )
    deciding = [r for r in reviews if r.role == ReviewRole.ADJUDICATION] or reviews
    by_requirement: dict[int, list] = {}
    for review in deciding:
        for score in review.scores.all():
            by_requirement.setdefault(score.requirement_id, []).append(score)
    requirements = []
    for requirement in submission.micro_credential.requirements.all():
        scores = by_requirement.get(requirement.pk, [])
        requirements.append(
            {
                "requirement": requirement.pk,
                "position": requirement.position,
                "title": requirement.title,
                "passed": all(s.passed for s in scores) if scores else None,
                "feedback": [s.feedback for s in scores if s.feedback],
            }
        )
    return {
        "decision": submission.status,
        "decided_at": submission.decided_at,
        "requirements": requirements,
        "comments": [r.comment for r in deciding if r.comment],
    }
