"""Building blocks for pathways tests: competencies, micro-credentials, reviewers, evidence.

Everything is made directly with the ORM (set-up, not the behaviour under test); tests of
a workflow then drive it through the services or the API.
"""

import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.models import Framework, Item, ItemKind
from pathways.models import (
    CatalogStatus,
    MicroCredential,
    Requirement,
    RequirementKind,
    Reviewer,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 40  # a Linux program


def educators() -> Framework:
    return Framework.objects.get(audience="educators", title__startswith="Lodestar")


def leaders() -> Framework:
    return Framework.objects.get(title__startswith="Building 21")


def competencies(framework=None, n=3) -> list[Item]:
    """Live competencies of a shipped framework, in framework order."""
    return list(
        Item.objects.filter(framework=framework or educators(), kind=ItemKind.COMPETENCY, is_retired=False)
        .order_by("depth", "sequence", "id")
        .select_related("parent")[:n]
    )


def competency(framework=None, index=0) -> Item:
    return competencies(framework, n=index + 1)[index]


def micro_credential(
    *,
    competency: Item | None = None,
    title="Questioning for deeper thinking",
    kinds=(RequirementKind.TEXT, RequirementKind.LINK, RequirementKind.FILE),
    status=CatalogStatus.PUBLISHED,
    roles=(),
    hours="2.0",
    **fields,
) -> MicroCredential:
    """A micro-credential with one requirement of each of `kinds` (a 200-word limit on text)."""
    mc = MicroCredential.objects.create(
        title=title,
        competency=competency or globals()["competency"](),
        summary=fields.pop("summary", "Shows the practice in a real classroom."),
        key_method=fields.pop("key_method", "Plan and ask open questions; wait; build on answers."),
        method_components=fields.pop(
            "method_components", ["Plan questions", "Wait time", "Build on answers"]
        ),
        rationale=fields.pop("rationale", "Open questions raise the level of student thinking."),
        resources=fields.pop("resources", [{"title": "Guide", "url": "https://example.org/guide"}]),
        roles=list(roles),
        hours=Decimal(hours),
        status=status,
        published_at=timezone.now() if status == CatalogStatus.PUBLISHED else None,
        **fields,
    )
    for position, kind in enumerate(kinds, start=1):
        Requirement.objects.create(
            micro_credential=mc,
            position=position,
            title=f"Requirement {position}",
            prompt=f"Prompt {position}: show the practice.",
            kind=kind,
            word_limit=200 if kind == RequirementKind.TEXT else None,
            passing_criteria=f"Passes when requirement {position} shows the practice clearly.",
        )
    return mc


def make_reviewer(user) -> Reviewer:
    return Reviewer.objects.create(person=user)


def upload(name="evidence.pdf", content=PDF, content_type="application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def earned_credential(person, mc=None, *, reviewer=None, answers=True):
    """A credential `person` earned for `mc` (a new published micro-credential by default):
    a submission in EARNED with an answer to each requirement (a PDF for a file one) and a
    completed first review that passed them all, awarded through `credential_award`."""
    from core.roles import Role
    from pathways.credentials.services import credential_award
    from pathways.models import Answer, Decision, RequirementScore, Review, Submission, SubmissionStatus
    from tests.factories import person as make_person

    mc = mc or micro_credential()
    now = timezone.now()
    attempt = Submission.objects.filter(person=person, micro_credential=mc).count() + 1
    submission = Submission.objects.create(
        micro_credential=mc,
        person=person,
        attempt=attempt,
        status=SubmissionStatus.EARNED,
        submitted_at=now,
        decided_at=now,
    )
    requirements = list(mc.requirements.order_by("position"))
    if answers:
        for requirement in requirements:
            answer = Answer(submission=submission, requirement=requirement)
            if requirement.kind == RequirementKind.TEXT:
                answer.text = f"My answer to {requirement.title}: I planned open questions."
            elif requirement.kind == RequirementKind.LINK:
                answer.url = "https://example.org/my-lesson-video"
            else:
                answer.original_name = "lesson-plan.pdf"
                answer.content_type = "application/pdf"
                answer.size = len(PDF)
                answer.file.save("lesson-plan.pdf", upload("lesson-plan.pdf"), save=False)
            answer.save()
    review = Review.objects.create(
        submission=submission,
        reviewer=reviewer or make_person(Role.COACH),
        completed_at=now,
        decision=Decision.EARNED,
    )
    for requirement in requirements:
        RequirementScore.objects.create(
            review=review, requirement=requirement, passed=True, feedback="Clear."
        )
    return credential_award(person=person, submission=submission)


def pathway(*, steps=("activity",), status=CatalogStatus.PUBLISHED, title="Teacher leader pathway", **fields):
    """A pathway with one step per entry of `steps`, in order: "activity" (one hour) or a
    MicroCredential. Prerequisites and groups are added by the test that needs them."""
    from pathways.models import Pathway, PathwayStep, StepKind

    made = Pathway.objects.create(title=title, status=status, **fields)
    for position, step in enumerate(steps, start=1):
        if step == "activity":
            PathwayStep.objects.create(
                pathway=made,
                position=position,
                kind=StepKind.ACTIVITY,
                title=f"Activity {position}",
                url="https://example.org/activity",
                hours=Decimal("1.0"),
            )
        else:
            PathwayStep.objects.create(
                pathway=made, position=position, kind=StepKind.MICRO_CREDENTIAL, micro_credential=step
            )
    return made


def answered_submission(
    person, mc=None, *, text="I planned open questions and waited.", url="https://example.org/lesson"
):
    """An attempt in progress (through `submission_start`) with every requirement answered
    as given (a PDF for a file requirement); submit it through the service under test."""
    from pathways.models import Answer
    from pathways.submissions.services import submission_start

    mc = mc or micro_credential()
    submission = submission_start(actor=person, micro_credential=mc)
    for requirement in mc.requirements.order_by("position"):
        answer = Answer(submission=submission, requirement=requirement)
        if requirement.kind == RequirementKind.TEXT:
            answer.text = text
        elif requirement.kind == RequirementKind.LINK:
            answer.url = url
        else:
            answer.original_name, answer.content_type, answer.size = "lesson.pdf", "application/pdf", len(PDF)
            answer.file.save("lesson.pdf", upload("lesson.pdf"), save=False)
        answer.save()
    return submission


def decide_review(review, *, passed=True, feedback=""):
    """Complete `review` by hand (set-up, not the reviews service) and decide its submission:
    `passed` is one bool for every requirement or {requirement_id: bool}."""
    from pathways.models import Decision, RequirementScore, SubmissionStatus

    submission = review.submission
    verdicts = {}
    for requirement in submission.micro_credential.requirements.order_by("position"):
        verdict = passed.get(requirement.pk, True) if isinstance(passed, dict) else passed
        verdicts[requirement.pk] = verdict
        RequirementScore.objects.create(
            review=review, requirement=requirement, passed=verdict, feedback="" if verdict else feedback
        )
    earned = all(verdicts.values())
    now = timezone.now()
    review.completed_at, review.decision = now, Decision.EARNED if earned else Decision.NOT_YET
    review.save()
    submission.status = SubmissionStatus.EARNED if earned else SubmissionStatus.NOT_YET
    submission.decided_at = now
    submission.save(update_fields=["status", "decided_at", "updated_at"])
    return submission


def waiting_submission(person, mc=None, *, needs_second_review=False, previous=None, submitted_at=None):
    """An attempt already submitted (status SUBMITTED, no reviewer yet), with every
    requirement answered; a file answer names a stored file without writing one. Made with
    the ORM: the reviews tests drive assignment and scoring through their own services."""
    from pathways.models import Answer, Submission, SubmissionStatus

    mc = mc or (previous.micro_credential if previous else micro_credential())
    submission = Submission.objects.create(
        micro_credential=mc,
        person=person,
        attempt=previous.attempt + 1 if previous else 1,
        previous_attempt=previous,
        status=SubmissionStatus.SUBMITTED,
        needs_second_review=needs_second_review,
        submitted_at=submitted_at or timezone.now(),
    )
    for requirement in mc.requirements.order_by("position"):
        answer = Answer(submission=submission, requirement=requirement)
        if requirement.kind == RequirementKind.TEXT:
            answer.text = f"My answer to {requirement.title}: I planned open questions and waited."
        elif requirement.kind == RequirementKind.LINK:
            answer.url = "https://example.org/my-lesson"
        else:
            answer.file = f"districts/test/submissions/{submission.pk}/lesson.pdf"
            answer.original_name, answer.content_type, answer.size = "lesson.pdf", "application/pdf", len(PDF)
        answer.save()
    return submission


def all_scores(submission, *, passed=True, feedback="Not yet clear against the guide."):
    """The `scores` argument of review_complete: `passed` for every requirement, or
    {position: bool}; feedback on each not-yet row."""
    rows = []
    for requirement in submission.micro_credential.requirements.order_by("position"):
        verdict = passed.get(requirement.position, True) if isinstance(passed, dict) else passed
        rows.append(
            {"requirement": requirement.pk, "passed": verdict, "feedback": "" if verdict else feedback}
        )
    return rows
