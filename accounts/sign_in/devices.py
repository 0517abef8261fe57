"""Browsers a person has signed in with: a signed cookie listing the accounts (as digests)
that completed a sign-in in this browser. Past the account-wide limit only such a browser may
still try, so a stranger guessing from elsewhere slows nobody down where they usually sign in.
The cookie proves nothing on its own: the password (and code) are still checked, and the
per-client limits still apply to it."""

from django.conf import settings
from django.core import signing

COOKIE = "lodestar_sign_in_device"
SALT = "accounts.sign_in.device"
REMEMBERED = 10  # accounts per browser; a shared computer keeps the most recent ones


def known_accounts(request) -> list[str]:
    try:
        accounts = signing.loads(
            request.COOKIES.get(COOKIE, ""), salt=SALT, max_age=settings.LOGIN_KNOWN_DEVICE_DAYS * 86400
        )
    except signing.BadSignature:
        return []
    return [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []


def remember_account(request, response, account: str) -> None:
    """Mark this browser as one the account has signed in with."""
    accounts = [account] + [a for a in known_accounts(request) if a != account]
    response.set_cookie(
        COOKIE,
        signing.dumps(accounts[:REMEMBERED], salt=SALT),
        max_age=settings.LOGIN_KNOWN_DEVICE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
