"""Words as people read them: `{{ codes|role_labels }}` ("School leader, Teacher" for role
codes) and `{{ noun|with_article }}` ("an observation", "a walkthrough")."""

from django import template

from core import text
from core.roles import Role

register = template.Library()


@register.filter
def role_labels(codes) -> str:
    return ", ".join(Role(code).label if code in Role.values else str(code) for code in codes or ())


@register.filter
def with_article(word) -> str:
    return text.with_article(str(word))
