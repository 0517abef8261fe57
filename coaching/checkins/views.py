"""Pages: the check-ins you owe and have answered, and the check-in form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from coaching.checkins import selectors, services
from coaching.checkins.forms import CheckInForm
from coaching.models import CheckInStatus
from core.forms import submit


@login_required
def check_in_list(request):
    """Yours: what is owed (overdue and open, soonest first), then your recent answers."""
    return render(
        request, "coaching/check_in_list.html", selectors.check_in_list_owed_and_answered(actor=request.user)
    )


@login_required
def check_in_detail(request, check_in_id):
    """The check-in form for its owner while it is open or overdue; otherwise the check-in
    as it stands (for the owner, their coach, their supervisor, audited for anyone else)."""
    check_in = selectors.check_in_get_for_actor(actor=request.user, check_in_id=check_in_id)
    answerable = check_in.owner_id == request.user.pk and check_in.status != CheckInStatus.COMPLETED
    form = None
    if answerable or request.method == "POST":
        form = CheckInForm(request.POST if request.method == "POST" else None, check_in=check_in)
        done = submit(
            request,
            form,
            lambda data: services.check_in_complete(actor=request.user, check_in=check_in, **data),
        )
        if done:
            messages.success(request, f"Thank you. Your check-in due {check_in.due_on:%b %-d} is in.")
            return redirect("coaching:check-in-list")
    return render(
        request,
        "coaching/check_in_form.html",
        {"check_in": check_in, "form": form if answerable or (form and form.errors) else None},
        status=400 if form is not None and form.errors else 200,
    )
