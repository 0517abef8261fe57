"""Previews of the account emails (invitation, password reset), addressed to the viewer.
The link is a sample: no real one-time token is made for a preview."""

from django.urls import reverse

from core.emails import email_preview, render_email
from core.links import district_url


def _context(viewer, label: str) -> dict:
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "sample", "token": "set-password"})
    return {
        "name": viewer.first_name or viewer.email,
        "email": viewer.email,
        "action_url": district_url(path),
        "action_label": label,
    }


@email_preview("invitation", "Invitation to a new person")
def invitation(*, viewer):
    return render_email("accounts/email/invitation", _context(viewer, "Choose your password"))


@email_preview("password-reset", "Password reset")
def password_reset(*, viewer):
    return render_email("accounts/email/password_reset", _context(viewer, "Choose your password"))
