from celery import shared_task

from accounts.models import User
from accounts.services import user_send_invitation
from accounts.sign_in.services import sign_in_counters_purge
from core.tasks import DistrictTask
from district.dispatch import dispatch_to_ready_districts


@shared_task(base=DistrictTask, name="accounts.tasks.send_invitation")
def send_invitation(user_id: int) -> bool:
    """Email a new person their one-time link. Skips people gone or deactivated since."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    user_send_invitation(user=user)
    return True


@shared_task(base=DistrictTask, name="accounts.tasks.purge_sign_in_counters_in_district")
def purge_sign_in_counters_in_district() -> int:
    """In one district: delete the sign-in counters whose window has ended."""
    return sign_in_counters_purge()


@shared_task(name="accounts.tasks.purge_sign_in_counters")
def purge_sign_in_counters() -> int:
    """Dispatcher (public schema): the operators' counters here, then every ready district's."""
    sign_in_counters_purge()
    return dispatch_to_ready_districts(purge_sign_in_counters_in_district)
