"""`{% load indicators %}{% indicator item %}`: a competency, indicator or domain shown the
same way on every page, as its code and readable text ("EC.1.1.1 — Plans lessons that …"),
never as a bare code. Long text is cut with the whole of it in the `title` attribute.

`indicator_text(item)` is the same words in plain text, for form choice labels and other
places that cannot hold markup.
"""

from django import template
from django.utils.html import format_html
from django.utils.text import Truncator

register = template.Library()

READABLE_CHARS = 90  # about one line on a phone; the rest is in the tooltip


def _get(item, name: str) -> str:
    value = item.get(name) if isinstance(item, dict) else getattr(item, name, "")
    return (value or "").strip() if isinstance(value, str) else ""


def _full_text(item) -> str:
    return _get(item, "title") or _get(item, "statement") or _get(item, "label")


def indicator_text(item, limit: int = READABLE_CHARS) -> str:
    """ "EC.1.1.1 — readable text", cut to `limit` characters of text."""
    text = Truncator(_full_text(item)).chars(limit) if limit else _full_text(item)
    code = _get(item, "code")
    if code and text:
        return f"{code} — {text}"
    return code or text


@register.simple_tag
def indicator(item, limit: int = READABLE_CHARS):
    """The item's code and readable text; the full text in `title` when it is cut."""
    if item is None:
        return ""
    full = _full_text(item)
    text = Truncator(full).chars(limit) if limit else full
    code = _get(item, "code")
    cut = text != full
    if code and text:
        return format_html(
            '<span class="indicator"{}><span class="code">{}</span> — {}</span>',
            format_html(' title="{}"', full) if cut else "",
            code,
            text,
        )
    return format_html(
        '<span class="indicator"{}>{}</span>', format_html(' title="{}"', full) if cut else "", code or text
    )
