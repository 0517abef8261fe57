"""Every email Lodestar sends, in one layout: an HTML part and a plain-text part, both
naming the district and linking to the task on the district's own host.

An email is three templates sharing a name: `<name>.html` (extends `email/base.html`),
`<name>.txt` (extends `email/base.txt`) and, unless the caller gives the subject,
`<name>_subject.txt`. The base templates add the district's name, the greeting, the button
to the task (`action_url`, `action_label`) and the footer; the callers give only what
their email says. `notifications/previews.py` renders each kind for the admins' preview.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.template.loader import render_to_string

from core.links import district_url


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def district_name() -> str:
    """The current district's name, as its people know it."""
    return getattr(connection.tenant, "name", "") or "Lodestar"


def render_email(template: str, context: dict, *, subject: str | None = None) -> RenderedEmail:
    """Both parts of one email (and its subject, one line) for the current district."""
    context = {"district": district_name(), "site_url": district_url("/"), **context}
    if subject is None:
        subject = render_to_string(f"{template}_subject.txt", context)
    return RenderedEmail(
        subject=" ".join(subject.split()),  # a line break in a header is refused outright
        # Template tags leave blank lines behind; one blank line between paragraphs is enough.
        text=re.sub(r"\n{3,}", "\n\n", render_to_string(f"{template}.txt", context)).strip() + "\n",
        html=render_to_string(f"{template}.html", context),
    )


def email_message(
    template: str, context: dict, *, to: list[str], subject: str | None = None
) -> EmailMultiAlternatives:
    """A ready-to-send two-part message: plain text first, the HTML as the alternative."""
    rendered = render_email(template, context, subject=subject)
    message = EmailMultiAlternatives(rendered.subject, rendered.text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(rendered.html, "text/html")
    return message


# --- Previews --------------------------------------------------------------------------------
# Each app describes the emails it sends in its `email_previews.py`, registering a function
# that renders one with sample data from the viewer's district. The admins' preview page
# lists them all; a test renders each one.


@dataclass(frozen=True)
class EmailPreview:
    slug: str
    label: str
    build: object  # (*, viewer) -> RenderedEmail


_PREVIEWS: dict[str, EmailPreview] = {}


def email_preview(slug: str, label: str):
    """Register `build(*, viewer) -> RenderedEmail` as the preview of one kind of email."""

    def register(build):
        _PREVIEWS[slug] = EmailPreview(slug=slug, label=label, build=build)
        return build

    return register


def email_preview_list() -> list[EmailPreview]:
    """Every kind of email Lodestar sends, found in the apps' `email_previews` modules."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("email_previews")
    return list(_PREVIEWS.values())
