from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.two_factor import selectors, services
from accounts.two_factor.forms import CodeForm
from accounts.two_factor.qr import qr_svg
from core.forms import submit
from core.permissions import page_requires

REFUSAL = "Two-factor sign-in is offered to district administrators."


@never_cache  # the page shows a secret while setting up
@page_requires("two_factor.enrol", REFUSAL)
def two_factor(request):
    """Turn two-factor sign-in on (set up, then confirm with a first code) or off."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "start":
        try:
            services.totp_enrol_start(actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("accounts:two-factor")
    form = CodeForm(request.POST if action in ("confirm", "remove") else None)
    if action == "confirm" and submit(
        request, form, lambda data: services.totp_enrol_confirm(actor=request.user, code=data["code"])
    ):
        messages.success(
            request, "Two-factor sign-in is on. Signing in with your password now asks for a code."
        )
        return redirect("accounts:two-factor")
    if action == "remove" and submit(
        request, form, lambda data: services.totp_remove(actor=request.user, code=data["code"]) or True
    ):
        messages.success(request, "Two-factor sign-in is off.")
        return redirect("accounts:two-factor")
    device = selectors.totp_device_for(user=request.user)
    pending = None if device else selectors.totp_pending_for(actor=request.user)
    context = {"form": form, "device": device, "pending": pending}
    if pending:
        context |= {"qr": qr_svg(pending.config_url), "secret": services.totp_secret(pending)}
    return render(request, "accounts/two_factor.html", context)
