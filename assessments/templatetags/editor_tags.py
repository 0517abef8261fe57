"""`{% load editor_tags %}{% may_manage_frameworks as manage %}`: whether the person signed
in edits frameworks (their roles are cached on the user, so this costs no query)."""

from django import template

from core.permissions import can

register = template.Library()


@register.simple_tag(takes_context=True)
def may_manage_frameworks(context) -> bool:
    request = context.get("request")
    return bool(request and can(request.user, "framework.manage"))
