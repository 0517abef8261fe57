"""The "send a reminder" buttons of the overdue lists post here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from people.nudges.services import nudge_send


@login_required
@require_POST
def nudge_send_page(request):
    """An HTMX button gets its result in place of the button; without HTMX the result is
    a message on the page the button was on."""
    try:
        outcome = nudge_send(
            actor=request.user,
            check_in_ids=request.POST.getlist("check_in"),
            person_ids=request.POST.getlist("person"),
        )
    except ValidationError as error:
        sent, message = False, " ".join(error.messages)
    else:
        sent, message = True, outcome.message
    if request.headers.get("HX-Request") == "true":
        return render(request, "people/_nudge_result.html", {"sent": sent, "message": message})
    (messages.success if sent else messages.error)(request, message)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)
