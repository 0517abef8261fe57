"""Demo micro-credentials, reviews, credentials and pathways.

Written through the services, as people would: the district's catalog and pathways, a
reviewer pool, and the demo teacher's journey (not yet, resubmitted, earned) so that the
catalog, review queue, credential pages and pathway pages all show something. Skipped once
the district has a micro-credential, so running again adds nothing.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.models import User
from assessments.models import Framework, Item, ItemKind
from core.roles import Role

# A small, valid PDF: the demo teacher's uploaded exit ticket.
EXIT_TICKET_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# (competency code, framework title prefix, micro-credential) — our own wording.
MICRO_CREDENTIALS = [
    (
        "EC.2.1",
        "Lodestar",
        {
            "title": "Exit tickets that steer the next lesson",
            "summary": "Use a short end-of-lesson check to decide what each group of students does next.",
            "key_method": "Write a two- or three-question exit ticket aligned to one competency, sort "
            "the answers by what they show, and plan the next lesson from the groups.",
            "method_components": [
                "Align the questions to one competency",
                "Sort answers into mastered, nearly there and not yet",
                "Plan a different next step for each group",
            ],
            "rationale": "Checks that happen while learning is under way let teachers adjust before "
            "gaps harden; students move on when they show mastery, not when the calendar says so.",
            "resources": [
                {"title": "Formative assessment planning sheet", "url": "https://example.org/exit-tickets"}
            ],
            "roles": ["teacher", "coach"],
            "hours": 6,
            "requirements": [
                {
                    "title": "The competency and the ticket",
                    "prompt": "Name the competency, paste your exit ticket and explain why each question "
                    "shows mastery of it.",
                    "kind": "text",
                    "word_limit": 300,
                    "passing_criteria": "Each question maps to the named competency, and the response says "
                    "what a mastered answer looks like.",
                },
                {
                    "title": "Student work",
                    "prompt": "Upload the exit ticket with three student answers (names removed): one from "
                    "each group.",
                    "kind": "file",
                    "passing_criteria": "Three anonymized answers, one per group, that match the sorting.",
                },
                {
                    "title": "What changed the next day",
                    "prompt": "Describe how the next lesson differed for each group, and what you saw.",
                    "kind": "text",
                    "word_limit": 400,
                    "passing_criteria": "A concrete change for each group, and evidence of its effect on "
                    "student learning.",
                },
            ],
        },
    ),
    (
        "EC.2.3",
        "Lodestar",
        {
            "title": "Student-led progress conferences",
            "summary": "Students explain their own progress on competencies and set their next goal.",
            "key_method": "Prepare students to lead a short conference about their evidence, their "
            "progress on competencies and their next goal.",
            "method_components": [
                "Students gather evidence",
                "Students lead the talk",
                "A goal comes out of it",
            ],
            "rationale": "When students can say where they are and what comes next, they own their pace.",
            "resources": [{"title": "Conference protocol", "url": "https://example.org/conferences"}],
            "roles": ["teacher"],
            "hours": 5,
            "requirements": [
                {
                    "title": "A conference on video",
                    "prompt": "Link to a recording (shared with your district account) of one conference.",
                    "kind": "link",
                    "passing_criteria": "The student leads; the teacher mostly asks and listens.",
                },
                {
                    "title": "Reflection",
                    "prompt": "What did the student understand about their own progress, and what will "
                    "you change?",
                    "kind": "text",
                    "word_limit": 300,
                    "passing_criteria": "Names what the student understood and one specific change.",
                },
            ],
        },
    ),
    (
        "EC.1.2",
        "Lodestar",
        {
            "title": "Flexible pacing with learning playlists",
            "summary": "Let students move through a unit at their own pace with checkpoints.",
            "key_method": "Build a playlist of tasks for one unit with mastery checkpoints, so students "
            "advance when they show they are ready.",
            "method_components": ["Playlist of tasks", "Mastery checkpoints", "Small-group support"],
            "rationale": "Pace that follows mastery keeps fast learners moving and gives others time.",
            "resources": [],
            "roles": ["teacher"],
            "hours": 8,
            "requirements": [
                {
                    "title": "The playlist",
                    "prompt": "Upload the playlist with its checkpoints.",
                    "kind": "file",
                    "passing_criteria": "Tasks are sequenced with at least two mastery checkpoints.",
                },
                {
                    "title": "Results",
                    "prompt": "How far did students get, and how did you support those who were stuck?",
                    "kind": "text",
                    "word_limit": 400,
                    "passing_criteria": "Shows the spread of progress and a support move for students stuck.",
                },
            ],
        },
    ),
    (
        "LC.5",
        "Building 21",
        {
            "title": "Facilitating peer observation",
            "summary": "Run a peer-observation round that ends in a change of practice.",
            "key_method": "Organize colleagues to observe one another around a shared focus, debrief "
            "with evidence and agree on a next step.",
            "method_components": ["A shared focus", "Low-stakes observation", "Evidence-based debrief"],
            "rationale": "Adults grow fastest when they learn from one another's classrooms.",
            "resources": [{"title": "Peer observation guide", "url": "https://example.org/peer-observation"}],
            "roles": [],
            "hours": 6,
            "requirements": [
                {
                    "title": "The round",
                    "prompt": "Describe the focus, who took part and how observations were recorded.",
                    "kind": "text",
                    "word_limit": 400,
                    "passing_criteria": "A clear focus tied to a competency, and notes kept as evidence.",
                },
                {
                    "title": "The change",
                    "prompt": "What did participants change afterwards?",
                    "kind": "text",
                    "word_limit": 300,
                    "passing_criteria": "At least one change of practice, with evidence it happened.",
                },
            ],
        },
    ),
    (
        "LC.6",
        "Building 21",
        {
            "title": "Leading a data inquiry cycle",
            "summary": "Guide a team from a question about student learning to a tested change.",
            "key_method": "Lead a team through a question, the data, a root cause, a change and a check "
            "of whether it worked.",
            "method_components": ["Ask a question", "Read the data", "Find a cause", "Test a change"],
            "rationale": "Improvement that starts from evidence is more likely to reach students.",
            "resources": [],
            "roles": ["school_leader", "coach", "teacher"],
            "hours": 10,
            "requirements": [
                {
                    "title": "The inquiry",
                    "prompt": "Link to the team's inquiry notes or slides.",
                    "kind": "link",
                    "passing_criteria": "Shows the question, the data used and a root cause.",
                },
                {
                    "title": "The result",
                    "prompt": "What changed, and what did the data show afterwards?",
                    "kind": "text",
                    "word_limit": 400,
                    "passing_criteria": "Compares the data before and after the change.",
                },
            ],
        },
    ),
]


def _competency(code: str, framework_prefix: str) -> Item | None:
    framework = Framework.objects.filter(
        title__startswith=framework_prefix, adoption_status="adopted"
    ).first()
    if framework is None:
        return None
    return Item.objects.filter(
        framework=framework, kind=ItemKind.COMPETENCY, code=code, is_retired=False
    ).first()


def _catalog() -> dict[str, object]:
    from pathways.catalog.services import micro_credential_create, micro_credential_publish

    published = {}
    for code, framework_prefix, fields in MICRO_CREDENTIALS:
        competency = _competency(code, framework_prefix)
        if competency is None:
            continue
        mc = micro_credential_create(actor=None, competency=competency, **fields)
        published[fields["title"]] = micro_credential_publish(actor=None, micro_credential=mc)
    return published


def _pathways(catalog) -> dict[str, object]:
    from pathways.programs.services import pathway_create, pathway_publish

    def mc(title):
        return {"kind": "micro_credential", "micro_credential": catalog[title].pk}

    def activity(title, hours, url="https://example.org/learning", **extra):
        return {"kind": "activity", "title": title, "url": url, "hours": hours, **extra}

    plans = [
        {
            "title": "Teacher Leader",
            "description": "For teachers who lead colleagues' learning without leaving the classroom.",
            "serves": "Teacher Leader",
            "roles": ["teacher", "coach"],
            "is_leadership": True,
            "steps": [
                mc("Facilitating peer observation"),
                mc("Leading a data inquiry cycle") | {"prerequisites": [1]},
                activity("Facilitate a grade-level team meeting", 3),
                activity("Observe a full coaching cycle", 4, group=1),
                activity("Lead a professional learning session", 3, group=1),
            ],
            "groups": [{"title": "Learn from a colleague (one of two)", "required_count": 1}],
        },
        {
            "title": "Aspiring Principal",
            "description": "The district's route from classroom and coaching roles to school leadership.",
            "serves": "Aspiring Principal",
            "roles": ["teacher", "coach", "school_leader"],
            "is_leadership": True,
            "steps": [
                mc("Leading a data inquiry cycle"),
                mc("Facilitating peer observation"),
                activity("Shadow a principal for a day", 7),
                activity("School budget simulation", 4, prerequisites=[3]),
            ],
            "groups": [],
        },
        {
            "title": "Assessment for mastery",
            "description": "Check learning as it happens and let students own their progress.",
            "serves": "Formative assessment",
            "roles": ["teacher"],
            "is_leadership": False,
            "steps": [
                activity("Read: grading for mastery, not averages", 1),
                mc("Exit tickets that steer the next lesson"),
                mc("Student-led progress conferences") | {"prerequisites": [2]},
            ],
            "groups": [],
        },
    ]
    made = {}
    for plan in plans:
        if any(step.get("micro_credential") is None for step in plan["steps"] if step["kind"] != "activity"):
            continue
        pathway = pathway_create(actor=None, **plan)
        made[plan["title"]] = pathway_publish(actor=None, pathway=pathway)
    return made


def _scores(submission, *, failing=()):
    return [
        {
            "requirement": requirement.pk,
            "passed": requirement.position not in failing,
            "feedback": (
                "The ticket's second question checks recall, not the competency: rewrite it so a "
                "student has to apply the idea."
                if requirement.position in failing
                else "Clear and well evidenced."
            ),
        }
        for requirement in submission.micro_credential.requirements.order_by("position")
    ]


def _teacher_journey(teacher, reviewer, mc) -> int:
    """Attempt 1 comes back "not yet"; attempt 2, revised, is earned."""
    from pathways.models import Review
    from pathways.reviews.services.scoring import review_complete
    from pathways.submissions.services import (
        answer_save,
        evidence_upload,
        submission_resubmit,
        submission_start,
        submission_submit,
    )

    texts = {
        1: "Competency EC.2.1. Q1 asks students to apply ratios to a new recipe; Q2 asks for the "
        "definition of a ratio; Q3 asks which of two mixtures is stronger and why.",
        3: "Students who mastered it started the extension task; the nearly-there group worked "
        "with me on two worked examples; the not-yet group used the manipulatives station.",
    }
    requirements = list(mc.requirements.order_by("position"))
    submission = submission_start(actor=teacher, micro_credential=mc)
    answer_save(
        actor=teacher,
        submission=submission,
        answers=[{"requirement": r.pk, "text": texts[r.position]} for r in requirements if r.kind == "text"],
    )
    for requirement in requirements:
        if requirement.kind == "file":
            evidence_upload(
                actor=teacher,
                submission=submission,
                requirement=requirement,
                uploaded_file=SimpleUploadedFile("exit-ticket.pdf", EXIT_TICKET_PDF, "application/pdf"),
            )
    submission_submit(actor=teacher, submission=submission)
    review = Review.objects.get(submission=submission, role="first")
    if review.reviewer_id != reviewer.pk:
        return 1
    review_complete(
        actor=reviewer, review=review, scores=_scores(submission, failing=(1,)), comment="Nearly there."
    )

    second = submission_resubmit(actor=teacher, submission=submission)
    revised = texts[1].replace("asks for the definition of a ratio", "asks students to scale a ratio up")
    answer_save(
        actor=teacher, submission=second, answers=[{"requirement": requirements[0].pk, "text": revised}]
    )
    submission_submit(actor=teacher, submission=second)
    review = Review.objects.get(submission=second, role="first")
    review_complete(
        actor=review.reviewer, review=review, scores=_scores(second), comment="Earned: well done."
    )
    return 2


@transaction.atomic
def seed_pathways_activity(spec) -> dict[str, int]:
    from pathways.models import MicroCredential
    from pathways.programs.services import activity_complete, enrollment_create
    from pathways.reviews.services.assignment import reviewer_add
    from pathways.submissions.services import answer_save, submission_start, submission_submit

    if MicroCredential.objects.exists():
        return {}
    domain = spec.email_domain
    people = {
        role: User.objects.filter(email=f"{role}@{domain}").first()
        for role in ("teacher", "coach", "central", "principal")
    }
    if not all(people.values()):
        return {}
    catalog = _catalog()
    if len(catalog) < len(MICRO_CREDENTIALS):
        return {"micro-credentials": len(catalog)}
    pathways = _pathways(catalog)

    # The coach reviews first (in turn: added first), then the central office.
    reviewer_add(actor=None, person=people["coach"])
    reviewer_add(actor=None, person=people["central"])

    teacher, principal = people["teacher"], people["principal"]
    attempts = _teacher_journey(teacher, people["coach"], catalog["Exit tickets that steer the next lesson"])

    # The teacher is on the assessment pathway; the reading is done, the credential counts.
    enrollment = enrollment_create(actor=teacher, pathway=pathways["Assessment for mastery"], person=teacher)
    activity_complete(actor=teacher, enrollment=enrollment, step=enrollment.pathway.steps.get(position=1))

    # A colleague, enrolled by the principal in Teacher Leader, has work waiting for review.
    school = principal.memberships.get(role=Role.SCHOOL_LEADER).school
    colleague = (
        User.objects.filter(
            memberships__school=school, memberships__role=Role.TEACHER, memberships__is_active=True
        )
        .exclude(pk=teacher.pk)
        .order_by("pk")
        .first()
    )
    extra = 0
    if colleague is not None:
        enrollment_create(actor=principal, pathway=pathways["Teacher Leader"], person=colleague)
        mc = catalog["Facilitating peer observation"]
        submission = submission_start(actor=colleague, micro_credential=mc)
        answer_save(
            actor=colleague,
            submission=submission,
            answers=[
                {
                    "requirement": r.pk,
                    "text": "Six colleagues observed one another's questioning (LC.5) over two weeks, "
                    "with a shared note-taking sheet.",
                }
                for r in mc.requirements.order_by("position")
            ],
        )
        submission_submit(actor=colleague, submission=submission)
        extra = 1
    enrollment_create(actor=principal, pathway=pathways["Aspiring Principal"], person=principal)
    return {
        "micro-credentials": len(catalog),
        "pathways": len(pathways),
        "credential attempts": attempts + extra,
        "pathway enrollments": 3 if colleague else 2,
    }
