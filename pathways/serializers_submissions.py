"""Input and output shapes of /api/v1/submissions/."""

from django.urls import reverse
from rest_framework import serializers

from pathways import submissions as services
from pathways.models import Requirement, RequirementKind, Submission, SubmissionStatus

# --- Input -------------------------------------------------------------------------------


class SubmissionStartInput(serializers.Serializer):
    micro_credential = serializers.IntegerField(help_text="A published micro-credential's id.")


class SubmissionAnswerInput(serializers.Serializer):
    requirement = serializers.IntegerField(help_text="The requirement's id.")
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="For a written response."
    )
    url = serializers.CharField(required=False, allow_blank=True, help_text="For a link.")


class AnswersSaveInput(serializers.Serializer):
    answers = SubmissionAnswerInput(many=True, allow_empty=False)


class EvidenceUploadInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="PDF, PNG, JPEG, DOCX, MP4 or MOV.")


# --- Output ------------------------------------------------------------------------------


class SubmissionMicroCredentialRef(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    version = serializers.IntegerField()


class SubmitterRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")


class SubmissionOutput(serializers.ModelSerializer):
    """A row of the list. `max_attempts` is the district's limit across the lineage."""

    micro_credential = SubmissionMicroCredentialRef()
    person = SubmitterRef()
    max_attempts = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "micro_credential",
            "person",
            "attempt",
            "max_attempts",
            "status",
            "previous_attempt",
            "started_at",
            "updated_at",
            "submitted_at",
            "decided_at",
        ]

    def get_max_attempts(self, submission) -> int:
        return self.context["policy"].credential_max_attempts


class SubmissionRequirementOutput(serializers.ModelSerializer):
    class Meta:
        model = Requirement
        fields = ["id", "position", "title", "prompt", "kind", "word_limit", "passing_criteria"]


class EvidenceFileOutput(serializers.Serializer):
    name = serializers.CharField(help_text="The uploader's file name.")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    download = serializers.CharField(help_text="The API path that returns the file.")


class SubmissionAnswerOutput(serializers.Serializer):
    requirement = SubmissionRequirementOutput()
    field = serializers.CharField(help_text="The name errors use for this answer, e.g. `answers[2].url`.")
    text = serializers.CharField()
    url = serializers.CharField()
    file = EvidenceFileOutput(allow_null=True)
    word_count = serializers.IntegerField(allow_null=True, help_text="For a written response.")
    problems = serializers.ListField(
        child=serializers.CharField(),
        help_text="What would stop it being submitted now (word limit, a link that does not parse).",
    )
    updated_at = serializers.DateTimeField(allow_null=True)


class RequirementResultOutput(serializers.Serializer):
    requirement = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    passed = serializers.BooleanField(allow_null=True)
    feedback = serializers.ListField(child=serializers.CharField())


class SubmissionResultsOutput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[SubmissionStatus.EARNED, SubmissionStatus.NOT_YET])
    decided_at = serializers.DateTimeField(allow_null=True)
    requirements = RequirementResultOutput(many=True)
    comments = serializers.ListField(child=serializers.CharField())


def answer_rows(submission: Submission, *, blind: bool = False) -> list[dict]:
    """One row per requirement, in order, answered or not. `blind`: the reader is a blind
    reviewer, who is not shown the uploader's file names."""
    answers = {answer.requirement_id: answer for answer in submission.answers.all()}
    rows = []
    for requirement in submission.micro_credential.requirements.all():
        answer = answers.get(requirement.pk)
        evidence = None
        if answer is not None and answer.file:
            evidence = {
                "name": services.evidence_name(answer, position=requirement.position, blind=blind),
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
                "field": services.answer_field(requirement),
                "text": text,
                "url": answer.url if answer else "",
                "file": evidence,
                "word_count": services.word_count(text) if requirement.kind == RequirementKind.TEXT else None,
                "problems": services.answer_problems(requirement, answer),
                "updated_at": answer.updated_at if answer else None,
            }
        )
    return rows


class SubmissionDetailOutput(SubmissionOutput):
    """One attempt with its answers. `person` is null for a reviewer under blind review."""

    person = serializers.SerializerMethodField()
    next_attempt = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    may_resubmit = serializers.SerializerMethodField()

    class Meta(SubmissionOutput.Meta):
        fields = [*SubmissionOutput.Meta.fields, "next_attempt", "answers", "results", "may_resubmit"]

    def get_person(self, submission) -> SubmitterRef(allow_null=True):
        if not self.context.get("show_person", True):
            return None
        return SubmitterRef(submission.person).data

    def get_next_attempt(self, submission) -> int | None:
        return Submission.objects.filter(previous_attempt=submission).values_list("pk", flat=True).first()

    def get_answers(self, submission) -> SubmissionAnswerOutput(many=True):
        blind = not self.context.get("show_person", True)
        return SubmissionAnswerOutput(answer_rows(submission, blind=blind), many=True).data

    def get_results(self, submission) -> SubmissionResultsOutput(allow_null=True):
        results = services.submission_results(submission)
        return SubmissionResultsOutput(results).data if results else None

    def get_may_resubmit(self, submission) -> bool:
        """Not yet, the latest attempt, attempts left, and the viewer owns it."""
        viewer = self.context.get("actor")
        return bool(
            viewer
            and viewer.pk == submission.person_id
            and submission.status == SubmissionStatus.NOT_YET
            and self.get_next_attempt(submission) is None
            and submission.attempt < self.context["policy"].credential_max_attempts
        )
