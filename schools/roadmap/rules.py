"""Who reads and who writes the vision and roadmap, over the permission matrix."""

from accounts.models import User
from core.permissions import can

READ = "district.member"
MANAGE = "roadmap.manage"
READ_REFUSAL = "The roadmap opens once you have a role in the district."
MANAGE_REFUSAL = "Only district administrators change the vision and roadmap."


def may_read_roadmap(*, actor: User) -> bool:
    """Everyone with a role in the district reads the vision and roadmap."""
    return can(actor, READ)


def may_manage_roadmap(*, actor: User) -> bool:
    """District administrators write them and place schools on the roadmap."""
    return can(actor, MANAGE)
