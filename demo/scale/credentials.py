"""A school's micro-credential attempts and pathway enrollments, for the scale activity."""

import datetime
import uuid

from core.roles import Role
from demo.scale.draws import day_between, weighted
from pathways.models import CredentialKind, EnrollmentStatus, ReviewRole, StepKind, SubmissionStatus
from pathways.programs.progress import compute_progress

MC_TAKE_UP = {Role.TEACHER: 0.9, Role.COACH: 0.8, Role.SCHOOL_LEADER: 0.6}
MC_HOW_MANY = [0.1, 0.2, 0.3, 0.25, 0.15]  # weights for attempting 1, 2, 3, ... micro-credentials
EARN_CHANCE = {1: 0.6, 2: 0.75, 3: 0.8}  # by attempt
ENROLL = {
    Role.TEACHER: {"Assessment for mastery": 0.35, "Teacher Leader": 0.1, "Aspiring Principal": 0.03},
    Role.COACH: {"Teacher Leader": 0.3, "Aspiring Principal": 0.2},
    Role.SCHOOL_LEADER: {"Aspiring Principal": 0.5},
}
ANSWER_TEXTS = [
    "I planned the lesson around one competency and sorted the answers into three groups.",
    "Students worked in groups chosen from the data; the evidence shows each group's progress.",
    "The change was clear in the second week: more students reached mastery on the first try.",
]


class CredentialActivity:
    """Micro-credential attempts with their reviews and credentials, and pathway enrollments
    (part of SchoolActivity, whose people and random stream it uses)."""

    def credentials(self):
        d, rng = self.d, self.rng
        for person in self.teachers + self.coaches + self.leaders:
            role = self.role[person]
            eligible = [mc for mc in d.micro_credentials if not mc["roles"] or role in mc["roles"]]
            enrollments = []
            for title, chance in ENROLL.get(role, {}).items():
                pathway = d.pathways.get(title)
                if pathway and rng.random() < chance and (not pathway["roles"] or role in pathway["roles"]):
                    day = day_between(
                        rng, d.last_year + datetime.timedelta(days=15), d.today - datetime.timedelta(days=10)
                    )
                    enrollments.append((pathway, day))
            chosen = {}
            if eligible and rng.random() < MC_TAKE_UP.get(role, 0):
                how_many = min(weighted(rng, list(enumerate(MC_HOW_MANY, start=1))), len(eligible))
                for mc in rng.sample(eligible, how_many):
                    chosen[mc["pk"]] = (mc, None)
            for pathway, day in enrollments:  # on a pathway, its micro-credentials come after enrolling
                for step in pathway["steps"]:
                    if step.kind == StepKind.MICRO_CREDENTIAL:
                        mc = next(
                            (m for m in d.micro_credentials if m["lineage"] == step.micro_credential.lineage),
                            None,
                        )
                        if mc and (mc["pk"] not in chosen or chosen[mc["pk"]][1] is None):
                            chosen[mc["pk"]] = (mc, day)
            earned = {}
            for mc, after in chosen.values():
                first = after or d.last_year + datetime.timedelta(days=15)
                issued = self._attempts(
                    person, mc, day_between(rng, first, d.today - datetime.timedelta(days=3))
                )
                if issued:
                    earned[mc["lineage"]] = issued
            for pathway, day in enrollments:
                self._enrollment(person, pathway, day, earned)

    def _attempts(self, person, mc, day):
        """Attempts at one micro-credential from `day`: each is reviewed, and after "not
        yet" the person may try again, up to the district's limit. Returns when the
        credential was issued, if it was."""
        d, rng, t = self.d, self.rng, self.t
        previous, attempt = None, 1
        while day < d.today:
            started = d.at(day, rng)
            submit_day = day + datetime.timedelta(days=rng.randint(5, 45))
            second = rng.random() * 100 < d.second_review_percent
            if submit_day >= d.today:
                pk = t.submissions.add(
                    mc["pk"],
                    person,
                    attempt,
                    previous,
                    SubmissionStatus.IN_PROGRESS,
                    False,
                    started,
                    started,
                    None,
                    None,
                )
                self._answers(pk, mc, started, partial=True)
                return None
            submitted = max(d.at(submit_day, rng), started + datetime.timedelta(minutes=30))
            if submit_day >= d.today - datetime.timedelta(days=2) and rng.random() < 0.3:
                pk = t.submissions.add(
                    mc["pk"],
                    person,
                    attempt,
                    previous,
                    SubmissionStatus.SUBMITTED,
                    second,
                    started,
                    submitted,
                    submitted,
                    None,
                )
                self._answers(pk, mc, submitted)
                return None
            decide_day = submit_day + datetime.timedelta(days=rng.randint(1, 20))
            deciding = decide_day < d.today
            earned = rng.random() < EARN_CHANCE.get(attempt, 0.8) + (self.ability[person] - 1.3) * 0.1
            status = (
                (SubmissionStatus.EARNED if earned else SubmissionStatus.NOT_YET)
                if deciding
                else SubmissionStatus.IN_REVIEW
            )
            decided = (
                max(d.at(decide_day, rng), submitted + datetime.timedelta(hours=3)) if deciding else None
            )
            pk = t.submissions.add(
                mc["pk"],
                person,
                attempt,
                previous,
                status,
                second,
                started,
                decided or submitted,
                submitted,
                decided,
            )
            self._answers(pk, mc, submitted)
            reviewers = rng.sample(d.reviewers, 2) if len(d.reviewers) > 1 else d.reviewers * 2
            for role, reviewer in zip(
                (ReviewRole.FIRST, ReviewRole.SECOND), reviewers[: 1 + second], strict=False
            ):
                assigned = min(submitted + datetime.timedelta(minutes=rng.randint(1, 90)), d.now)
                decision = "" if not deciding else "earned" if earned else "not_yet"
                review = t.reviews.add(
                    pk,
                    reviewer,
                    role,
                    False,
                    assigned,
                    decided - datetime.timedelta(minutes=rng.randint(0, 30)) if deciding else None,
                    decision,
                    ("Earned: well done." if earned else "Nearly there: see the notes on each requirement.")
                    if deciding
                    else "",
                )
                if deciding:
                    failing = set() if earned else set(rng.sample([p for _, p, _ in mc["requirements"]], 1))
                    for requirement, position, _kind in mc["requirements"]:
                        t.scores.add(
                            review,
                            requirement,
                            position not in failing,
                            "Clear and well evidenced."
                            if position not in failing
                            else "Show how the evidence meets the competency.",
                        )
            if not deciding:
                return None
            if earned:
                public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
                t.credentials.add(
                    public_id,
                    CredentialKind.MICRO_CREDENTIAL,
                    person,
                    mc["pk"],
                    pk,
                    None,
                    None,
                    decided,
                    None,
                    "",
                )
                return decided
            if attempt >= d.max_attempts or rng.random() < 0.25:
                return None
            previous, attempt = pk, attempt + 1
            day = decide_day + datetime.timedelta(days=rng.randint(1, 21))
        return None

    def _answers(self, pk, mc, when, *, partial=False):
        rng, add = self.rng, self.t.answers.add
        for requirement, _position, kind in mc["requirements"]:
            if partial and rng.random() < 0.5:
                continue
            if kind == "text":
                add(pk, requirement, rng.choice(ANSWER_TEXTS), "", "", "", "", None, when)
            elif kind == "link":
                add(pk, requirement, "", f"https://example.org/evidence/{pk}", "", "", "", None, when)
            elif self.d.sample_file:
                name, original, content_type, size = self.d.sample_file
                add(pk, requirement, "", "", name, original, content_type, size, when)

    def _enrollment(self, person, pathway, day, earned: dict):
        """An enrollment, its completed activities, and — when everything is done, as
        pathways.programs judges it — its completion and pathway credential."""
        d, rng = self.d, self.rng
        enrolled_at = d.at(day, rng)
        by = person if rng.random() < 0.6 else self.principal
        steps = pathway["steps"]
        held = set(earned)
        lineages = {s.micro_credential.lineage for s in steps if s.kind == StepKind.MICRO_CREDENTIAL}
        done_steps, done_at = set(), [at for lineage, at in earned.items() if lineage in lineages]
        completions = []
        for step in steps:
            if step.kind != StepKind.ACTIVITY or rng.random() > 0.65:
                continue
            prerequisites = [s for s in steps if s.pk in step.prerequisite_ids]
            if all(
                (s.pk in done_steps) if s.kind == StepKind.ACTIVITY else s.micro_credential.lineage in held
                for s in prerequisites
            ):
                at = d.at(day_between(rng, day, d.today - datetime.timedelta(days=1)), rng)
                at = max(at, enrolled_at + datetime.timedelta(minutes=10))
                done_steps.add(step.pk)
                done_at.append(at)
                completions.append((step.pk, at))
        progress = compute_progress(steps, done_step_ids=done_steps, lineages=held)
        status, completed_at, withdrawn_at = EnrollmentStatus.ACTIVE, None, None
        if progress.complete:
            status, completed_at = EnrollmentStatus.COMPLETED, max([enrolled_at, *done_at])
        elif rng.random() < 0.05:
            status, withdrawn_at = (
                EnrollmentStatus.WITHDRAWN,
                d.at(d.today - datetime.timedelta(days=rng.randint(1, 30)), rng),
            )
            withdrawn_at = max(withdrawn_at, enrolled_at + datetime.timedelta(minutes=10))
        pk = self.t.enrollments.add(
            pathway["pk"], person, by, status, enrolled_at, completed_at, withdrawn_at
        )
        for step, at in completions:
            self.t.completions.add(pk, step, at, "")
        if completed_at:
            public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            self.t.credentials.add(
                public_id,
                CredentialKind.PATHWAY,
                person,
                None,
                None,
                pathway["pk"],
                pk,
                completed_at,
                None,
                "",
            )
