"""Writes about people and their API tokens."""

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import ApiToken, User
from core.audit import audit
from core.permissions import require
from core.services import apply_changes

TOKEN_PREFIX = "lds_"
EDITABLE_PERSON_FIELDS = ("email", "first_name", "last_name", "title")


def validate_email_address(email: str, *, field: str = "email", exclude_pk=None) -> str:
    normalized = (email or "").strip().lower()
    try:
        validate_email(normalized)
    except ValidationError:
        raise ValidationError({field: f'"{email}" is not a valid email address.'}) from None
    taken = User.objects.filter(email__iexact=normalized)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({field: f"Someone in this district already signs in as {normalized}."})
    return normalized


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    first_name: str,
    last_name: str,
    title: str = "",
    password: str | None = None,
    invite: bool = False,
) -> User:
    """Add a person to the district. Without a password they set one by a one-time link,
    which `invite=True` emails to them once the transaction commits.

    `actor=None` is the system (provisioning, imports, demo data).
    """
    require(actor, "person.manage")
    email = validate_email_address(email)
    errors = {}
    if not (first_name or "").strip():
        errors["first_name"] = "A first name is required."
    if not (last_name or "").strip():
        errors["last_name"] = "A last name is required."
    if errors:
        raise ValidationError(errors)
    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip(), title=title)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # another request added the same address since we checked
        raise ValidationError({"email": f"Someone in this district already signs in as {email}."}) from None
    audit(actor=actor, action="person.created", target=user, data={"email": email})
    if invite:
        from accounts.tasks import send_invitation

        send_invitation.delay_on_commit(user.pk)
    return user


@transaction.atomic
def user_update(*, actor: User | None, user: User, **changes) -> User:
    """Change a person's name, title or sign-in email."""
    require(actor, "person.manage")
    if "email" in changes:
        changes["email"] = validate_email_address(changes["email"], exclude_pk=user.pk)
    for field in ("first_name", "last_name"):
        if field in changes and not (changes[field] or "").strip():
            raise ValidationError({field: "This field cannot be blank."})
    return apply_changes(
        actor=actor, instance=user, changes=changes, allowed=EDITABLE_PERSON_FIELDS, action="person.updated"
    )


@transaction.atomic
def user_reactivate(*, actor: User | None, user: User) -> User:
    """Let a deactivated person sign in again. Memberships are granted anew, not restored."""
    require(actor, "person.manage")
    if user.is_active:
        return user
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at"])
    audit(actor=actor, action="person.reactivated", target=user)
    return user


def password_setup_link(user: User) -> str:
    """A one-time path on the district's host where the person sets their password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@dataclass
class IssuedToken:
    token: ApiToken
    secret: str


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User, name: str, expires_at=None) -> IssuedToken:
    """Issue a personal token. The secret is returned once and stored only as a hash."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the token a name so you can recognise it later."})
    if len(name) > 100:
        raise ValidationError({"name": "Keep the name under 100 characters."})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must be in the future."})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_token(secret),
        expires_at=expires_at,
    )
    audit(actor=actor, action="token.created", target=token, data={"name": name})
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token; requests bearing it fail from now on. Revoking twice is harmless."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(actor=actor, action="token.revoked", target=token)
    return token


def user_send_invitation(*, user: User) -> None:
    """Email the person a one-time link, on their district's host, to choose a password."""
    from django.conf import settings
    from django.db import connection

    from accounts.forms import InvitingPasswordResetForm

    # The district served: django-tenants' database backend always sets it on the connection.
    district = getattr(connection, "tenant", None)
    assert district is not None
    host = district.get_primary_domain().domain
    form = InvitingPasswordResetForm({"email": user.email})
    form.is_valid()
    form.save(
        domain_override=f"{host}:{settings.SITE_PORT}" if settings.SITE_PORT else host,
        use_https=settings.SITE_SCHEME == "https",
        subject_template_name="accounts/email/invitation_subject.txt",
        email_template_name="accounts/email/invitation",  # .txt, .html and _subject.txt
    )
