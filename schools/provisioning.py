"""The district apps' part in provisioning a district, reached by the public `district` app
through settings.DISTRICT_PROVISIONING_HOOKS (district/hooks.py, docs/tenancy.md) rather
than imported by it."""

from accounts.models import User
from accounts.services import user_create
from core.roles import Role
from schools.services import membership_create


def first_admin_create(*, email: str, first_name: str, last_name: str, password: str | None) -> User:
    """A new district's first person: its district administrator, created by the system.

    The "first_admin" hook: `district_create` calls it inside the new district's schema and
    its provisioning transaction. Without a password they set one by a one-time link.
    """
    admin = user_create(
        actor=None, email=email, first_name=first_name, last_name=last_name, password=password
    )
    membership_create(actor=None, user=admin, role=Role.DISTRICT_ADMIN)
    return admin
