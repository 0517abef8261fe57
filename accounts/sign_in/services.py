"""Counting sign-in attempts before they are checked, and what a success or a reset clears."""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings

from accounts.models import User
from accounts.sign_in import devices, limits
from core.audit import audit_rows
from core.clients import client_address, client_network

CLIENT, PAIR, ACCOUNT = "client", "pair", "account"

REFUSALS = {
    PAIR: "Too many failed attempts for this address from here. Wait 15 minutes or reset your password.",
    CLIENT: "Too many failed attempts from this network. Wait 15 minutes and try again.",
    ACCOUNT: (
        "Too many failed attempts for this address. Sign in from a browser you have used before, "
        "or reset your password by email to sign in here."
    ),
}


def account_digest(email: str) -> str:
    """Counters and cookies name an account by a digest of its email, never the email itself."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


@dataclass
class Attempt:
    """One counted attempt: the keys it was counted under, and why it may not go on."""

    email: str
    client: str
    keys: dict[str, str]
    counts: dict[str, int] = field(default_factory=dict)
    refusal: str | None = None


def _keys(email: str, network: str) -> dict[str, str]:
    account = account_digest(email)
    return {CLIENT: f"client:{network}", PAIR: f"pair:{account}:{network}", ACCOUNT: f"account:{account}"}


def sign_in_attempt_count(*, request, email: str) -> Attempt:
    """Count one sign-in attempt (a password, or a second-factor code) for `email` from the
    request's client, before anything is checked; say whether it may go on.

    The rule: refused when the client's failures pass LOGIN_CLIENT_FAILURE_LIMIT, the account's
    failures from this client pass LOGIN_FAILURE_LIMIT, or the account's failures from every
    client pass LOGIN_ACCOUNT_FAILURE_LIMIT, unless this browser has signed in to the account
    before. A refused attempt counts too. The attempt that first passes a limit in a window
    writes a `sign_in.limited` audit row (committed with the count: nothing rolls it back)."""
    address = client_address(request.META)
    keys = _keys(email, client_network(address))
    counts = limits.counters_hit(list(keys.values()), window=settings.LOGIN_FAILURE_WINDOW)
    attempt = Attempt(email=email, client=address, keys=keys, counts={k: counts[v] for k, v in keys.items()})
    allowed = {
        CLIENT: settings.LOGIN_CLIENT_FAILURE_LIMIT,
        PAIR: settings.LOGIN_FAILURE_LIMIT,
        ACCOUNT: settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
    }
    passed = [kind for kind in (CLIENT, PAIR, ACCOUNT) if attempt.counts[kind] > allowed[kind]]
    if ACCOUNT in passed and account_digest(email) in devices.known_accounts(request):
        passed.remove(ACCOUNT)
    attempt.refusal = REFUSALS[passed[0]] if passed else None
    _audit_first_passing(attempt, allowed)
    return attempt


def _audit_first_passing(attempt: Attempt, allowed: dict[str, int]) -> None:
    crossed = [kind for kind, count in attempt.counts.items() if count == allowed[kind] + 1]
    if not crossed:
        return
    user_id = User.objects.filter(email=attempt.email).values_list("pk", flat=True).first()
    audit_rows(
        actor=None,
        rows=[
            (
                "sign_in.limited",
                "accounts.user" if user_id and kind != CLIENT else "client",
                user_id if user_id and kind != CLIENT else attempt.client,
                {
                    "limit": kind,
                    "allowed": allowed[kind],
                    "window_seconds": settings.LOGIN_FAILURE_WINDOW,
                    "client": attempt.client,
                    "email": attempt.email,
                },
            )
            for kind in crossed
        ],
    )


def sign_in_succeeded(*, attempts: list[Attempt | None], hits: int) -> None:
    """A completed sign-in that counted `hits` attempts (a password, and a code): they are
    given back to the client's and the account's counts (only failures count), and the
    account's failures from this client are forgotten. The account's failures from elsewhere
    stay: a stranger's guesses are not excused by the owner signing in."""
    for attempt in attempts:
        if attempt is not None:
            limits.counters_give_back([attempt.keys[CLIENT], attempt.keys[ACCOUNT]], hits=hits)
            limits.counters_clear(keys=[attempt.keys[PAIR]])


def sign_in_limits_clear(*, email: str) -> None:
    """The person proved they read this address's mail (a completed password reset): the
    account's failures, from every client, are forgotten."""
    account = account_digest(email)
    limits.counters_clear(keys=[f"account:{account}"], prefix=f"pair:{account}:")


def password_reset_allowed(*, email: str) -> bool:
    """Count one password-reset request for `email`; False past PASSWORD_RESET_LIMIT."""
    key = f"reset:{account_digest(email)}"
    count = limits.counters_hit([key], window=settings.PASSWORD_RESET_WINDOW)[key]
    return count <= settings.PASSWORD_RESET_LIMIT


def sign_in_counters_purge() -> int:
    """Forget counters whose window has ended, in the current schema (hourly, accounts.tasks)."""
    return limits.counters_purge(
        older_than=max(settings.LOGIN_FAILURE_WINDOW, settings.PASSWORD_RESET_WINDOW)
    )
