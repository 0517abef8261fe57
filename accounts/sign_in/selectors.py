from accounts.models import User


def pending_user_get(*, user_id: int) -> User | None:
    """The person between a right password and their code, while still active."""
    return User.objects.filter(pk=user_id, is_active=True).first()
