from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device_for(*, user) -> TOTPDevice | None:
    """The person's confirmed TOTP device, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_pending_for(*, actor) -> TOTPDevice | None:
    """The device being set up: made, not yet confirmed with a code."""
    return TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()
