from celery import shared_task

from accounts.models import User
from accounts.services import user_send_invitation
from core.tasks import DistrictTask


@shared_task(base=DistrictTask, name="accounts.tasks.send_invitation")
def send_invitation(user_id: int) -> bool:
    """Email a new person their one-time link. Skips people gone or deactivated since."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    user_send_invitation(user=user)
    return True
