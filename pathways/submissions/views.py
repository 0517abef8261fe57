"""Pages for working on a micro-credential: starting, the submission editor (autosave,
uploads, submit, results, revise and resubmit), the evidence download, and "My
micro-credentials". Each page costs a fixed number of queries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.time import district_timezone
from pathways.catalog.selectors import micro_credential_get_for_actor
from pathways.models import Submission, SubmissionStatus
from pathways.submissions import selectors, services
from pathways.submissions.api import evidence_response
from pathways.submissions.rules import answer_field, evidence_rule

# A 422 tells HTMX (configured in pathways/submission.js) to swap a refusal in beside the field.
UNPROCESSABLE = 422
ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.mp4,.mov"


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for errors in error.error_dict.values() for e in errors for m in e.messages]
    return list(error.messages)


def _catalog_page(micro_credential_id) -> str:
    return reverse("pathways:micro-credential-detail", args=[micro_credential_id])


# --- Start -----------------------------------------------------------------------------


@login_required
@require_POST
def submission_start(request, micro_credential_id):
    """Start (or, with an attempt already open, go back to it)."""
    mc = micro_credential_get_for_actor(actor=request.user, micro_credential_id=micro_credential_id)
    current = selectors.submission_open_for_actor(actor=request.user, micro_credential=mc)
    if current is not None:
        return redirect("pathways:submission-edit", submission_id=current.pk)
    try:
        submission = services.submission_start(actor=request.user, micro_credential=mc)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
        return redirect(_catalog_page(mc.pk))
    messages.success(request, "Started. Your answers are saved as you type; submit when all are ready.")
    return redirect("pathways:submission-edit", submission_id=submission.pk)


# --- The editor ------------------------------------------------------------------------


def _submission_for_page(request, submission_id) -> Submission:
    found = selectors.submission_get_for_actor(actor=request.user, submission_id=submission_id)
    return selectors.submission_detail_for_actor(actor=request.user, submission=found)


def _render_editor(request, submission: Submission, *, errors=None, status=200):
    """The editor: each requirement with its scoring guide beside it; editable by its owner
    while in progress, read-only after, with the results once decided. `errors` maps an
    answer's field (`answers[2].url`) to messages shown next to it. `submission` is what
    `submission_detail_for_actor` made of it for the reader."""
    errors = errors or {}
    rows = submission.answer_rows
    for row in rows:
        row["errors"] = errors.get(row["field"], [])
    context = {
        "submission": submission,
        "mc": submission.micro_credential,
        "rows": rows,
        "max_attempts": submission.max_attempts,
        "is_owner": submission.is_owner,
        "editable": submission.is_owner and submission.status == SubmissionStatus.IN_PROGRESS,
        "show_person": submission.read_as_administrator,
        "results": submission.results,
        "next_attempt": submission.revised_as,
        "may_resubmit": submission.may_resubmit,
        "attempts_left": submission.attempts_left,
        "has_errors": bool(errors),
        "other_errors": [
            m for field, found in errors.items() if not field.startswith("answers[") for m in found
        ],
        "evidence_rule": evidence_rule(),
        "accept": ACCEPT,
    }
    return render(request, "pathways/submission_edit.html", context, status=status)


@login_required
def submission_edit(request, submission_id):
    return _render_editor(request, _submission_for_page(request, submission_id))


def _own(request, submission_id) -> Submission:
    return selectors.submission_get_to_change(actor=request.user, submission_id=submission_id)


def _requirement_of(request, submission, requirement_id):
    return selectors.requirement_get_for_submission(
        actor=request.user, submission=submission, requirement_id=requirement_id
    )


@login_required
@require_POST
def answer_save(request, submission_id, requirement_id):
    """Autosave one answer (`text` or `url`); HTMX swaps "Saved at 10:42" and the answer's
    remaining problems into its status line."""
    submission = _own(request, submission_id)
    requirement = _requirement_of(request, submission, requirement_id)
    item = {"requirement": requirement.pk}
    for field in ("text", "url"):
        if field in request.POST:
            item[field] = request.POST[field]
    refused = []
    try:
        services.answer_save(actor=request.user, submission=submission, answers=[item])
    except ValidationError as error:
        refused = _messages_of(error)
    problems = selectors.answer_problems_for_actor(
        actor=request.user, submission=submission, requirement=requirement
    )
    if not _is_htmx(request):  # the no-script fallback: back to the editor, at the answer
        for message in refused:
            messages.error(request, message)
        if not refused:
            messages.success(request, "Saved.")
        url = reverse("pathways:submission-edit", args=[submission.pk])
        return redirect(f"{url}#answer-{requirement.position}")
    context = {
        "refused": refused,
        "problems": problems,
        "saved_at": timezone.localtime(timezone.now(), district_timezone()),
    }
    return render(
        request,
        "pathways/submission_answer_status.html",
        context,
        status=UNPROCESSABLE if refused else 200,
    )


@login_required
def evidence(request, submission_id, requirement_id):
    """GET: download the file (owner, assigned reviewers, administrators: audited).
    POST: upload it (the owner); refusals are shown next to the field."""
    if request.method == "GET":
        answer = selectors.evidence_get_for_actor(
            actor=request.user, submission_id=submission_id, requirement_id=requirement_id
        )
        return evidence_response(answer)
    if request.method != "POST":
        raise Http404("Not here.")
    submission = _own(request, submission_id)
    requirement = _requirement_of(request, submission, requirement_id)
    uploaded = request.FILES.get("file")
    field = answer_field(requirement)
    try:
        if uploaded is None:
            raise ValidationError({"file": "Choose a file to upload."})
        services.evidence_upload(
            actor=request.user, submission=submission, requirement=requirement, uploaded_file=uploaded
        )
    except ValidationError as error:
        found = error.message_dict if hasattr(error, "error_dict") else {"file": error.messages}
        errors = {(field if key == "file" else key): value for key, value in found.items()}
        return _render_editor(
            request, _submission_for_page(request, submission_id), errors=errors, status=400
        )
    messages.success(request, f"Uploaded {uploaded.name}.")
    url = reverse("pathways:submission-edit", args=[submission.pk])
    return redirect(f"{url}#answer-{requirement.position}")


@login_required
@require_POST
def evidence_remove(request, submission_id, requirement_id):
    submission = _own(request, submission_id)
    requirement = _requirement_of(request, submission, requirement_id)
    try:
        services.evidence_remove(actor=request.user, submission=submission, requirement=requirement)
    except ValidationError as error:
        return _render_editor(
            request, _submission_for_page(request, submission_id), errors=error.message_dict, status=400
        )
    messages.success(request, "File removed.")
    url = reverse("pathways:submission-edit", args=[submission.pk])
    return redirect(f"{url}#answer-{requirement.position}")


@login_required
@require_POST
def submission_submit(request, submission_id):
    submission = _own(request, submission_id)
    try:
        services.submission_submit(actor=request.user, submission=submission)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"status": error.messages}
        return _render_editor(
            request, _submission_for_page(request, submission_id), errors=errors, status=400
        )
    messages.success(request, "Submitted for review. You will be told when it is decided.")
    return redirect("pathways:submission-edit", submission_id=submission.pk)


@login_required
@require_POST
def submission_resubmit(request, submission_id):
    submission = _own(request, submission_id)
    try:
        new = services.submission_resubmit(actor=request.user, submission=submission)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
        return redirect("pathways:submission-edit", submission_id=submission.pk)
    messages.success(
        request, f"Attempt {new.attempt} started with your answers carried forward: revise them."
    )
    return redirect("pathways:submission-edit", submission_id=new.pk)


# --- My micro-credentials --------------------------------------------------------------


@login_required
def my_submissions(request):
    """Every attempt of mine, grouped by micro-credential (all versions of one together),
    the most recently active first."""
    groups, max_attempts = selectors.submission_groups_for_actor(actor=request.user)
    return render(request, "pathways/my_submissions.html", {"groups": groups, "max_attempts": max_attempts})
