import base64

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import audit
from core.permissions import require

WRONG_CODE = "That code is not right. Enter the 6-digit code your app shows now."


def _devices(user, *, confirmed: bool):
    """The person's devices, locked for the check (a code is accepted once)."""
    return TOTPDevice.objects.select_for_update().filter(user=user, confirmed=confirmed).order_by("pk")


def totp_secret(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in (base32, in groups of four)."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def totp_verify(*, user, code: str) -> TOTPDevice | None:
    """The person's confirmed device if `code` is right for it now, else None. The device is
    locked while checked, so a code is accepted once (django-otp keeps the last step used)
    and its own back-off after failures holds under parallel requests."""
    with transaction.atomic():
        device = _devices(user, confirmed=True).first()
        if device is None or not device.verify_is_allowed()[0]:
            return None
        return device if device.verify_token(code) else None


@transaction.atomic
def totp_enrol_start(*, actor) -> TOTPDevice:
    """Begin setting up a device: a new secret, unconfirmed until a code from it is entered.
    An earlier unfinished set-up is replaced; a confirmed device must be removed first."""
    require(actor, "two_factor.enrol")
    if TOTPDevice.objects.filter(user=actor, confirmed=True).exists():
        raise ValidationError(
            {"code": "Two-factor sign-in is already on. Remove it first to set up another app."}
        )
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_enrol_confirm(*, actor, code: str) -> TOTPDevice:
    """Turn on the device being set up once it shows a right code: from then on, signing in
    with a password asks for a code."""
    require(actor, "two_factor.enrol")
    device = _devices(actor, confirmed=False).last()
    if device is None:
        raise ValidationError({"code": "Start setting up first."})
    if not device.verify_is_allowed()[0] or not device.verify_token(code):
        raise ValidationError({"code": WRONG_CODE})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit(actor=actor, action="two_factor.enrolled", target=actor, data={"device": device.persistent_id})
    return device


@transaction.atomic
def totp_remove(*, actor, code: str) -> None:
    """Turn two-factor sign-in off. A right current code is asked, so a session left open on
    someone else's screen cannot quietly remove it."""
    require(actor, "two_factor.enrol")
    device = _devices(actor, confirmed=True).first()
    if device is None:
        raise ValidationError({"code": "Two-factor sign-in is not on."})
    if not device.verify_is_allowed()[0] or not device.verify_token(code):
        raise ValidationError({"code": WRONG_CODE})
    TOTPDevice.objects.filter(user=actor).delete()
    audit(actor=actor, action="two_factor.removed", target=actor, data={})


@transaction.atomic
def operator_totp_enrol(*, operator, replace: bool = False) -> TOTPDevice:
    """Give a platform operator (public schema, staff) a confirmed TOTP device, from the
    server's shell: whoever runs the command is trusted with the operator's secret. An
    existing device is kept unless `replace` (a lost phone)."""
    if not operator.is_staff:
        raise ValidationError({"email": "Only platform operators (staff accounts) sign in to the admin."})
    existing = TOTPDevice.objects.filter(user=operator)
    if existing.filter(confirmed=True).exists() and not replace:
        raise ValidationError(
            {"email": "This operator already has an authenticator app; pass --replace for a new one."}
        )
    existing.delete()
    device = TOTPDevice.objects.create(user=operator, name="Authenticator app", confirmed=True)
    audit(actor=None, action="two_factor.enrolled", target=operator, data={"device": device.persistent_id})
    return device
