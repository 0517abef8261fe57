"""Who may do what with a submission (relationships) and the rules an answer keeps
(validation)."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from core.permissions import can
from core.uploads import upload_rule
from pathways.models import Answer, Requirement, RequirementKind, Review, Submission

if TYPE_CHECKING:
    from accounts.models import User

ANSWER_FIELD: dict[str, str] = {
    RequirementKind.TEXT: "text",
    RequirementKind.LINK: "url",
    RequirementKind.FILE: "file",
}
MISSING: dict[str, str] = {
    RequirementKind.TEXT: "Write your response to this requirement.",
    RequirementKind.LINK: "Give a link for this requirement.",
    RequirementKind.FILE: "Upload a file for this requirement.",
}
CHANGE_REFUSAL = "Only the person who owns a submission can change it."
_is_web_address = URLValidator(schemes=["http", "https"])


# --- Relationships -----------------------------------------------------------------------


def may_read_every_submission(*, actor: "User") -> bool:
    """District administrators (`submission.view_any`) read every attempt, audited."""
    return can(actor, "submission.view_any")


def may_change(*, actor: "User", submission: Submission) -> bool:
    """Only its owner answers, uploads, submits and resubmits an attempt."""
    return submission.person_id == actor.pk


def is_blind_reviewer(*, actor: "User", submission: Submission) -> bool:
    """The actor reads the attempt only as the reviewer of a blind review of it."""
    return (
        submission.person_id != actor.pk
        and not may_read_every_submission(actor=actor)
        and Review.objects.filter(submission=submission, reviewer=actor, blind=True).exists()
    )


# --- Answers -----------------------------------------------------------------------------


def evidence_rule() -> str:
    """What an evidence file may be, in words, for the upload field."""
    return upload_rule(settings.PATHWAYS_EVIDENCE_MAX_BYTES)


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
