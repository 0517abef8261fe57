"""Pages: a piece of feedback with its acknowledgement, and what the coachee shares with
their supervisor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coaching.cycles.forms import AcknowledgeForm
from coaching.cycles.selectors.cycles import cycle_note_get_for_actor
from coaching.cycles.selectors.feedback import feedback_get_for_actor
from coaching.cycles.selectors.observations import observation_get_for_actor
from coaching.cycles.services.feedback import feedback_acknowledge, share_with_supervisor
from core.forms import submit


@login_required
def feedback_detail(request, pk):
    feedback = feedback_get_for_actor(actor=request.user, feedback_id=pk)
    form = AcknowledgeForm(request.POST if request.method == "POST" else None)
    done = submit(
        request,
        form,
        lambda data: feedback_acknowledge(
            actor=request.user, feedback=feedback, reflection=data["reflection"]
        ),
    )
    if done:
        messages.success(request, "Thank you: your coach sees that you read it.")
        if feedback.cycle_id:
            return redirect("coaching:cycle-detail", feedback.cycle_id)
        return redirect("coaching:feedback-detail", feedback.pk)
    return render(
        request,
        "coaching/feedback_detail.html",
        {"feedback": feedback, "form": form, "is_recipient": feedback.recipient_id == request.user.pk},
        status=400 if form.errors else 200,
    )


SHAREABLE = ("observation", "feedback", "note")


@login_required
@require_POST
def share(request, kind, pk):
    """The coachee shows one record to their supervisor, or stops showing it."""
    if kind not in SHAREABLE:
        raise Http404
    if kind == "observation":
        record = observation_get_for_actor(actor=request.user, observation_id=pk)
    elif kind == "feedback":
        record = feedback_get_for_actor(actor=request.user, feedback_id=pk)
    else:
        record = cycle_note_get_for_actor(actor=request.user, note_id=pk)
    shared = request.POST.get("shared") == "true"
    try:
        share_with_supervisor(actor=request.user, record=record, shared=shared)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Shared with your supervisor." if shared else "No longer shared.")
    cycle_id = getattr(record, "cycle_id", None)
    return redirect("coaching:cycle-detail", cycle_id) if cycle_id else redirect("coaching:workspace")
