"""Input and output shapes of /api/v1/reviews/ and /api/v1/reviewers/.

Reviews come from the reviews selectors already blinded for the reader: where a review is
blind for them (`hide_person`) the `person` and `school` keys are left out altogether (not
sent as null), so nothing in the answer names or places the person; the detail carries
the evidence file names and the other reviewers' scores only as far as the reader may see
them.

Serializers expect in their context `target_days` and `now`.
"""

import datetime

from rest_framework import serializers

from pathways.models import Decision, ReviewRole
from pathways.reviews.services.scoring import MAX_FEEDBACK


class ReviewRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReviewMicroCredentialRef(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    version = serializers.IntegerField()


class ReviewSubmissionRef(serializers.Serializer):
    id = serializers.IntegerField()
    attempt = serializers.IntegerField()
    status = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)


def evidence_file_url(submission_id: int, requirement_id: int) -> str:
    """The submissions area's access-checked download (assigned reviewers are let through)."""
    return f"/api/v1/submissions/{submission_id}/answers/{requirement_id}/file/"


def _schools(person) -> list[dict]:
    memberships = getattr(person, "current_school_memberships", [])
    seen = {}
    for membership in memberships:
        seen.setdefault(membership.school_id, membership.school.name)
    return [{"id": pk, "name": name} for pk, name in sorted(seen.items(), key=lambda kv: kv[1])]


class ReviewOutput(serializers.Serializer):
    """A row of the queue. `person` and `school` are present only when the review is not
    blind for you."""

    id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=ReviewRole.choices)
    is_open = serializers.BooleanField()
    decision = serializers.ChoiceField(choices=Decision.choices, allow_blank=True)
    blind = serializers.BooleanField()
    assigned_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(help_text="Assigned plus the district's review target.")
    overdue = serializers.BooleanField()
    reviewer = ReviewRef()
    submission = ReviewSubmissionRef()
    micro_credential = ReviewMicroCredentialRef()
    person = ReviewRef(required=False, help_text="Left out for the reviewer of a blind review.")
    school = ReviewRef(many=True, required=False, help_text="Left out for the reviewer of a blind review.")

    def to_representation(self, review):
        now = self.context["now"]
        due_at = review.assigned_at + datetime.timedelta(days=self.context["target_days"])
        submission = review.submission
        data = {
            "id": review.pk,
            "role": review.role,
            "is_open": review.completed_at is None,
            "decision": review.decision,
            "blind": review.blind,
            "assigned_at": serializers.DateTimeField().to_representation(review.assigned_at),
            "completed_at": review.completed_at
            and serializers.DateTimeField().to_representation(review.completed_at),
            "due_at": serializers.DateTimeField().to_representation(due_at),
            "overdue": review.completed_at is None and due_at < now,
            "reviewer": {"id": review.reviewer_id, "name": review.reviewer.full_name},
            "submission": {
                "id": submission.pk,
                "attempt": submission.attempt,
                "status": submission.status,
                "submitted_at": submission.submitted_at
                and serializers.DateTimeField().to_representation(submission.submitted_at),
            },
            "micro_credential": {
                "id": submission.micro_credential_id,
                "title": submission.micro_credential.title,
                "version": submission.micro_credential.version,
            },
        }
        if not review.hide_person:
            data["person"] = {"id": submission.person_id, "name": submission.person.full_name}
            data["school"] = _schools(submission.person)
        return data


class RequirementScoreOutput(serializers.Serializer):
    requirement = serializers.IntegerField()
    passed = serializers.BooleanField()
    feedback = serializers.CharField()


class ReviewAnswerOutput(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField()
    file = serializers.DictField(allow_null=True, help_text="{name, size, content_type, download_url}")


class RequirementForReview(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    prompt = serializers.CharField()
    kind = serializers.CharField()
    word_limit = serializers.IntegerField(allow_null=True)
    scoring_guide = serializers.CharField(help_text="What passes.")
    answer = ReviewAnswerOutput(allow_null=True)


class OtherReviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    reviewer = ReviewRef()
    decision = serializers.CharField()
    comment = serializers.CharField()
    completed_at = serializers.DateTimeField()
    scores = RequirementScoreOutput(many=True)


def _scores(score_list) -> list[dict]:
    return [{"requirement": s.requirement_id, "passed": s.passed, "feedback": s.feedback} for s in score_list]


class ReviewDetailOutput(ReviewOutput):
    """The review with what scoring it needs. `other_reviews` (the submission's other
    completed reviews) is empty until your own scores are in, unless you give the deciding
    review."""

    key_method = serializers.CharField()
    method_components = serializers.ListField(child=serializers.CharField())
    competency = serializers.DictField()
    requirements = RequirementForReview(many=True)
    scores = RequirementScoreOutput(many=True)
    comment = serializers.CharField()
    other_reviews = OtherReviewOutput(many=True)

    def to_representation(self, review):
        data = super().to_representation(review)
        submission = review.submission
        mc = submission.micro_credential
        requirements = []
        for item in review.items:
            requirement, answer = item["requirement"], item["answer"]
            requirements.append(
                {
                    "id": requirement.pk,
                    "position": requirement.position,
                    "title": requirement.title,
                    "prompt": requirement.prompt,
                    "kind": requirement.kind,
                    "word_limit": requirement.word_limit,
                    "scoring_guide": requirement.passing_criteria,
                    "answer": None
                    if answer is None
                    else {
                        "text": answer.text,
                        "url": answer.url,
                        "file": {
                            "name": item["file_name"],
                            "size": answer.size,
                            "content_type": answer.content_type,
                            "download_url": evidence_file_url(submission.pk, requirement.pk),
                        }
                        if answer.file
                        else None,
                    },
                }
            )
        others = [
            {
                "id": other.pk,
                "role": other.role,
                "reviewer": {"id": other.reviewer_id, "name": other.reviewer.full_name},
                "decision": other.decision,
                "comment": other.comment,
                "completed_at": serializers.DateTimeField().to_representation(other.completed_at),
                "scores": _scores(other.score_list),
            }
            for other in review.others_shown
        ]
        competency = mc.competency
        return {
            **data,
            "key_method": mc.key_method,
            "method_components": list(mc.method_components or []),
            "competency": {"id": competency.pk, "code": competency.code, "title": competency.label},
            "requirements": requirements,
            "scores": _scores(review.score_list),
            "comment": review.comment,
            "other_reviews": others,
        }


class RequirementScoreInput(serializers.Serializer):
    requirement = serializers.IntegerField(help_text="A requirement of the submission's version.")
    passed = serializers.BooleanField(help_text="true: pass; false: not yet.")
    feedback = serializers.CharField(
        max_length=MAX_FEEDBACK, required=False, allow_blank=True, help_text="Required when not passed."
    )


class ReviewCompleteDoc(serializers.Serializer):
    """What the documentation shows; the service checks each row and names it
    (`scores[2].feedback`)."""

    scores = RequirementScoreInput(many=True)
    comment = serializers.CharField(max_length=MAX_FEEDBACK, required=False, allow_blank=True)


class ReviewCompleteInput(serializers.Serializer):
    scores = serializers.ListField(child=serializers.JSONField(), max_length=100)
    comment = serializers.CharField(max_length=MAX_FEEDBACK, required=False, allow_blank=True, default="")


class ReviewerOutput(serializers.Serializer):
    id = serializers.IntegerField()
    person = ReviewRef()
    email = serializers.EmailField()
    is_active = serializers.BooleanField()
    last_assigned_at = serializers.DateTimeField(allow_null=True)
    added_at = serializers.DateTimeField()
    open_reviews = serializers.IntegerField()

    def to_representation(self, reviewer):
        field = serializers.DateTimeField()
        return {
            "id": reviewer.pk,
            "person": {"id": reviewer.person_id, "name": reviewer.person.full_name},
            "email": reviewer.person.email,
            "is_active": reviewer.is_active,
            "last_assigned_at": reviewer.last_assigned_at
            and field.to_representation(reviewer.last_assigned_at),
            "added_at": field.to_representation(reviewer.added_at),
            "open_reviews": getattr(reviewer, "open_reviews", 0),
        }


class ReviewerCreateInput(serializers.Serializer):
    person = serializers.IntegerField(help_text="The person to add to the pool.")


class ReviewerStatsOutput(serializers.Serializer):
    person = ReviewRef()
    in_pool = serializers.BooleanField()
    active = serializers.BooleanField()
    completed = serializers.IntegerField()
    double_reviewed = serializers.IntegerField(help_text="Completed reviews of double-reviewed submissions.")
    agreed = serializers.IntegerField()
    agreement_rate = serializers.FloatField(allow_null=True, help_text="agreed / double_reviewed; null at 0.")
    median_turnaround_hours = serializers.FloatField(allow_null=True)
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()

    def to_representation(self, row):
        return {
            "person": {"id": row.person_id, "name": row.name},
            "in_pool": row.in_pool,
            "active": row.active,
            "completed": row.completed,
            "double_reviewed": row.double_reviewed,
            "agreed": row.agreed,
            "agreement_rate": row.agreement_rate,
            "median_turnaround_hours": row.median_turnaround_hours,
            "open": row.open,
            "overdue": row.overdue,
        }


class ReviewStatsOutput(serializers.Serializer):
    review_target_days = serializers.IntegerField()
    results = ReviewerStatsOutput(many=True)
