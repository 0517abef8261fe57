"""Reads of rostering. Only those who may import rosters see imports, the mapping and the
provider; for anyone else an import is missing (404)."""

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from core.api import as_id
from core.permissions import can
from rostering.models import RoleMapping, RosterImport, RosterProvider


def roster_import_list_for_actor(*, actor: User) -> QuerySet[RosterImport]:
    if not can(actor, "roster.import"):
        return RosterImport.objects.none()
    return RosterImport.objects.select_related("created_by", "applied_by").defer("plan")


def roster_import_get_for_actor(*, actor: User, import_id) -> RosterImport:
    pk = as_id(import_id)
    found = (
        RosterImport.objects.select_related("created_by", "applied_by").filter(pk=pk).first()
        if pk and can(actor, "roster.import")
        else None
    )
    if found is None:
        raise Http404("No such import.")
    return found


def role_mapping_list_for_actor(*, actor: User) -> QuerySet[RoleMapping]:
    return RoleMapping.objects.all() if can(actor, "roster.import") else RoleMapping.objects.none()


def role_mapping_get_for_actor(*, actor: User, mapping_id) -> RoleMapping:
    pk = as_id(mapping_id)
    found = role_mapping_list_for_actor(actor=actor).filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404("No such role mapping.")
    return found


def roster_provider_get_for_actor(*, actor: User) -> RosterProvider:
    if not can(actor, "roster.import"):
        raise Http404("No such provider.")
    return RosterProvider.objects.filter(pk=1).first() or RosterProvider(pk=1)


def roster_sample_for_actor(*, actor: User):
    """The district's sample bundle as an open file, or None when there is none."""
    from django.core.files.storage import default_storage

    from rostering.services import roster_sample_path

    if not can(actor, "roster.import") or not default_storage.exists(roster_sample_path()):
        return None
    return default_storage.open(roster_sample_path(), "rb")
