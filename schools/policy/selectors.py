"""Reads of the district's policy."""

from accounts.models import User
from schools.models import DistrictPolicy


def policy_get_for_actor(*, actor: User) -> DistrictPolicy:
    """Everyone signed in may read the district's policy: it shapes what they are asked to do."""
    return DistrictPolicy.current()
