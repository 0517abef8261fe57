"""Reads of submissions, each scoped by the actor. What a reviewer of a blind review reads
is blinded here (`hide_person`, neutral evidence file names), so that pages and the API
show only what they are given."""

from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from core.api import get_or_404
from core.audit import audit, audit_many
from pathways.models import (
    OPEN_SUBMISSION_STATUSES,
    Answer,
    MicroCredential,
    Requirement,
    RequirementKind,
    Review,
    ReviewRole,
    Submission,
    SubmissionStatus,
)
from pathways.submissions.rules import (
    CHANGE_REFUSAL,
    answer_field,
    answer_problems,
    is_blind_reviewer,
    may_change,
    may_read_every_submission,
    word_count,
)
from schools.models import DistrictPolicy

# --- Finding attempts --------------------------------------------------------------------


def submission_list_for_actor(*, actor: User) -> QuerySet[Submission]:
    """Your own attempts; every attempt for district administrators (each row of someone
    else's audited by `submission_audit_listed`)."""
    submissions = Submission.objects.select_related("micro_credential", "person")
    if may_read_every_submission(actor=actor):
        return submissions
    return submissions.filter(person=actor)


def submission_audit_listed(*, actor: User, submissions) -> None:
    others = [s for s in submissions if s.person_id != actor.pk]
    if others:
        audit_many(actor=actor, action="submission.listed", targets=others)


def _reviews_it(actor):
    return Exists(Review.objects.filter(submission=OuterRef("pk"), reviewer=actor))


def submission_get_for_actor(*, actor: User, submission_id) -> Submission:
    """One attempt for its owner, a reviewer with a review on it, or a district
    administrator; missing and invisible both 404. An administrator's read of someone
    else's attempt (not as its reviewer) is audited."""
    submissions = Submission.objects.select_related("micro_credential", "person").annotate(
        reviewed_by_actor=_reviews_it(actor)
    )
    if not may_read_every_submission(actor=actor):
        submissions = submissions.filter(Q(person=actor) | Q(reviewed_by_actor=True))
    submission = get_or_404(submissions, submission_id)
    if submission.person_id != actor.pk and not submission.reviewed_by_actor:
        audit(actor=actor, action="submission.read", target=submission)
    return submission


def submission_get_to_change(*, actor: User, submission_id) -> Submission:
    """One attempt of the actor's own, to answer, upload, submit or resubmit: anyone else
    who may read it is refused (403), anyone who may not gets a 404."""
    submission = submission_get_for_actor(actor=actor, submission_id=submission_id)
    if not may_change(actor=actor, submission=submission):
        raise PermissionDenied(CHANGE_REFUSAL)
    return submission


def submission_open_for_actor(*, actor: User, micro_credential: MicroCredential) -> Submission | None:
    """The actor's open attempt (in progress, submitted or in review) at any version of the
    micro-credential, if any."""
    return (
        Submission.objects.filter(person=actor, micro_credential__lineage=micro_credential.lineage)
        .filter(status__in=OPEN_SUBMISSION_STATUSES)
        .order_by("-attempt", "-id")
        .first()
    )


def requirement_get_for_submission(*, actor: User, submission: Submission, requirement_id) -> Requirement:
    """A requirement of the version the attempt answers; any other is a 404."""
    return get_or_404(
        Requirement.objects.filter(micro_credential=submission.micro_credential_id), requirement_id
    )


def attempts_allowed(*, actor: User) -> int:
    """How many attempts the district allows at a micro-credential, across its versions."""
    return DistrictPolicy.current().credential_max_attempts


def submission_groups_for_actor(*, actor: User) -> tuple[list[dict], int]:
    """The actor's attempts grouped by micro-credential (all versions of one together), the
    most recently active first, and the district's attempt limit (two queries)."""
    rows = list(
        Submission.objects.filter(person=actor)
        .select_related("micro_credential")
        .order_by("-started_at", "-id")
    )
    groups: dict = {}
    for submission in rows:
        group = groups.setdefault(
            submission.micro_credential.lineage,
            {"micro_credential": submission.micro_credential, "attempts": []},
        )
        group["attempts"].append(submission)
    return list(groups.values()), attempts_allowed(actor=actor)


# --- One attempt, as the actor may see it ------------------------------------------------


def evidence_name(answer: Answer, *, position: int, blind: bool) -> str:
    """The evidence file's name as shown and downloaded: the uploader's own, except under
    blind review, where a name like "maria-lopez-lesson.pdf" would say whose it is."""
    if not blind:
        return answer.original_name
    suffix = PurePosixPath(answer.original_name or answer.file.name or "").suffix.lower()
    return f"evidence-{position}{suffix}"


def _answer_rows(submission: Submission, *, blind: bool = False) -> list[dict]:
    """One row per requirement, in order, answered or not. `blind`: the reader is a blind
    reviewer, who is not shown the uploader's file names."""
    answers = {answer.requirement_id: answer for answer in submission.answers.all()}
    rows = []
    for requirement in submission.micro_credential.requirements.all():
        answer = answers.get(requirement.pk)
        evidence = None
        if answer is not None and answer.file:
            evidence = {
                "name": evidence_name(answer, position=requirement.position, blind=blind),
                "content_type": answer.content_type,
                "size": answer.size,
                "download": reverse(
                    "api:submission-evidence", kwargs={"pk": submission.pk, "requirement_id": requirement.pk}
                ),
            }
        text = answer.text if answer else ""
        rows.append(
            {
                "requirement": requirement,
                "answer": answer,
                "field": answer_field(requirement),
                "text": text,
                "url": answer.url if answer else "",
                "file": evidence,
                "word_count": word_count(text) if requirement.kind == RequirementKind.TEXT else None,
                "problems": answer_problems(requirement, answer),
                "updated_at": answer.updated_at if answer else None,
            }
        )
    return rows


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


def submission_detail_for_actor(*, actor: User, submission: Submission) -> Submission:
    """The attempt (one `submission_get_for_actor` returned, or a service wrote for the
    actor) with everything its page and API show, as the actor may see it:

    - `hide_person`: the actor reviews it blind, so the person is not shown, and the
      evidence files in `answer_rows` carry neutral names (`evidence-3.pdf`);
    - `read_as_administrator`: someone else's attempt read by a district administrator;
    - `answer_rows` (one per requirement, in order), `results` once decided, `revised_as`
      (the next attempt, if any), `max_attempts`, `attempts_left`, and `may_resubmit`
      (its owner, after "not yet", on the latest attempt, with attempts left)."""
    submission = (
        Submission.objects.select_related("micro_credential", "person", "previous_attempt")
        .prefetch_related(
            Prefetch("micro_credential__requirements", queryset=Requirement.objects.order_by("position")),
            "answers",
        )
        .get(pk=submission.pk)
    )
    max_attempts = attempts_allowed(actor=actor)
    blind = is_blind_reviewer(actor=actor, submission=submission)
    is_owner = submission.person_id == actor.pk
    submission.hide_person = blind
    submission.is_owner = is_owner
    submission.read_as_administrator = not is_owner and may_read_every_submission(actor=actor)
    submission.answer_rows = _answer_rows(submission, blind=blind)
    submission.revised_as = Submission.objects.filter(previous_attempt=submission).first()
    submission.results = submission_results(submission)
    submission.max_attempts = max_attempts
    submission.attempts_left = max(max_attempts - submission.attempt, 0)
    submission.may_resubmit = (
        is_owner
        and submission.status == SubmissionStatus.NOT_YET
        and submission.revised_as is None
        and submission.attempt < max_attempts
    )
    return submission


def answer_problems_for_actor(*, actor: User, submission: Submission, requirement: Requirement) -> list[str]:
    """What would stop the saved answer to `requirement` being submitted now."""
    answer = submission.answers.filter(requirement=requirement).first()
    return answer_problems(requirement, answer)


def evidence_get_for_actor(*, actor: User, submission_id, requirement_id) -> Answer:
    """The stored file answering a requirement, for whoever `submission_get_for_actor`
    lets read the submission (its assigned reviewers included), with the `download_name`
    this actor may see (see `evidence_name`)."""
    submission = submission_get_for_actor(actor=actor, submission_id=submission_id)
    number = _bounded(requirement_id)
    answer = None
    if number is not None:  # else the address names no requirement
        answer = (
            Answer.objects.filter(submission=submission, requirement_id=number)
            .exclude(file="")
            .select_related("requirement")
            .first()
        )
    if answer is None:
        raise Http404("No file for this requirement.")
    answer.download_name = evidence_name(
        answer,
        position=answer.requirement.position,
        blind=is_blind_reviewer(actor=actor, submission=submission),
    )
    return answer


def _bounded(value) -> int | None:
    """An id from a URL, or None when it is no id at all (too large for the column)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None
