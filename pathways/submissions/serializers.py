"""Input and output shapes of /api/v1/submissions/. An attempt's detail is what
`submission_detail_for_actor` made of it for the reader (blinded for a blind reviewer)."""

from rest_framework import serializers

from core.text import ANSWER_MAX, URL_MAX
from pathways.models import Requirement, Submission, SubmissionStatus

# --- Input -------------------------------------------------------------------------------


class SubmissionStartInput(serializers.Serializer):
    micro_credential = serializers.IntegerField(help_text="A published micro-credential's id.")


class SubmissionAnswerInput(serializers.Serializer):
    requirement = serializers.IntegerField(help_text="The requirement's id.")
    text = serializers.CharField(
        max_length=ANSWER_MAX,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="For a written response.",
    )
    url = serializers.CharField(max_length=URL_MAX, required=False, allow_blank=True, help_text="For a link.")


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
        return self.context["max_attempts"]


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
        if submission.hide_person:
            return None
        return SubmitterRef(submission.person).data

    def get_next_attempt(self, submission) -> int | None:
        return submission.revised_as.pk if submission.revised_as else None

    def get_answers(self, submission) -> SubmissionAnswerOutput(many=True):
        return SubmissionAnswerOutput(submission.answer_rows, many=True).data

    def get_results(self, submission) -> SubmissionResultsOutput(allow_null=True):
        return SubmissionResultsOutput(submission.results).data if submission.results else None

    def get_may_resubmit(self, submission) -> bool:
        """Not yet, the latest attempt, attempts left, and the viewer owns it."""
        return submission.may_resubmit
