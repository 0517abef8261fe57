"""`{% person_link person %}`: a person's name, linked to their person page.

Takes a User or a dict with `id` and `full_name` (or `name`), as the dashboards pass
them. The page itself decides what the viewer sees, so the link is safe to show to
anyone who already sees the name.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


def _field(person, name):
    return person.get(name) if isinstance(person, dict) else getattr(person, name, None)


@register.simple_tag
def person_link(person):
    if not person:
        return ""
    person_id = _field(person, "id") or _field(person, "pk")
    name = _field(person, "full_name") or _field(person, "name") or str(person)
    if not person_id:
        return name
    url = reverse("people:person", args=[person_id])
    return format_html('<a href="{}" class="person-link">{}</a>', url, name)


def _ids(things):
    """Ids from objects, ids, or dicts with an `id` (or a row with a `person` dict)."""
    if things is None:
        return []
    if isinstance(things, dict | str) or not hasattr(things, "__iter__"):
        things = [things]
    things = [thing["person"] if isinstance(thing, dict) and "person" in thing else thing for thing in things]
    return [
        thing if isinstance(thing, int) else (_field(thing, "id") or _field(thing, "pk")) for thing in things
    ]


@register.inclusion_tag("people/_nudge_button.html", takes_context=True)
def nudge_button(context, *, check_ins=None, people=None, label="Send a reminder", describe=""):
    """A "send a reminder" button for overdue check-ins (objects or ids), or for every
    overdue check-in the viewer may see of some people (objects, dicts or ids)."""
    request = context.get("request")
    return {
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request else "",
        "check_in_ids": _ids(check_ins),
        "person_ids": _ids(people),
        "label": label,
        "describe": describe,
    }
