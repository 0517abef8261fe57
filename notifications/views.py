"""Pages: the inbox (with in-place mark-read), the email preferences and, for district
administrators, a preview of every kind of email Lodestar sends."""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from core.emails import email_preview_list
from core.forms import add_service_errors
from core.permissions import page_requires
from notifications import selectors, services
from notifications.api import InboxPagination
from notifications.models import Delivery, Kind
from notifications.rules import PREVIEW_ACTION, PREVIEW_REFUSAL, may_preview_emails


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _inbox_page(request, notifications):
    """One cursor page of the inbox, the same pages as the API's: no COUNT over the whole
    inbox, and nothing shifts between pages as new notifications arrive."""
    paginator = InboxPagination()
    try:
        rows = paginator.paginate_queryset(notifications, Request(request))
    except NotFound:  # a cursor that was tampered with, or from another list
        raise Http404("No such page of your inbox.") from None
    return rows, paginator.get_next_link(), paginator.get_previous_link()


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "true"
    notifications = selectors.notification_list_for_actor(actor=request.user, unread_only=unread_only)
    rows, older, newer = _inbox_page(request, notifications)
    return render(
        request,
        "notifications/inbox.html",
        {"notifications": rows, "older": older, "newer": newer, "unread_only": unread_only},
    )


@login_required
@require_POST
def mark_read(request, notification_id):
    notification = selectors.notification_get_for_actor(actor=request.user, notification_id=notification_id)
    services.notification_mark_read(actor=request.user, notification=notification)
    if _is_htmx(request):
        # The row, read now, and the navigation's unread count, updated out of band.
        return render(request, "notifications/_mark_read.html", {"notification": notification})
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    marked = services.notification_mark_all_read(actor=request.user)
    messages.success(
        request,
        f"Marked {marked} notification{'s' if marked != 1 else ''} read."
        if marked
        else "Nothing was unread.",
    )
    return redirect("notifications:inbox")


class PreferencesForm(forms.Form):
    """One choice per kind of notification, named by the kind."""

    def __init__(self, *args, current: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        defaults = dict(Delivery.choices)
        for row in current:
            self.fields[row["kind"]] = forms.ChoiceField(
                label=row["label"],
                choices=Delivery.choices,
                initial=row["delivery"],
                help_text=f"Default: {defaults[row['default']].lower()}.",
            )


@login_required
def preferences(request):
    current = selectors.preference_list_for_actor(actor=request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(
                actor=request.user, choices={kind: form.cleaned_data[kind] for kind in Kind.values}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved your email preferences.")
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "may_preview_emails": may_preview_emails(actor=request.user)},
        status=400 if form.errors else 200,
    )


@page_requires(PREVIEW_ACTION, PREVIEW_REFUSAL)
def email_previews(request):
    return render(request, "notifications/email_previews.html", {"previews": email_preview_list()})


def _preview_or_404(slug):
    preview = next((p for p in email_preview_list() if p.slug == slug), None)
    if preview is None:
        raise Http404("No such kind of email.")
    return preview


@page_requires(PREVIEW_ACTION, PREVIEW_REFUSAL)
def email_preview(request, slug):
    preview = _preview_or_404(slug)
    return render(
        request,
        "notifications/email_preview.html",
        {"preview": preview, "email": preview.build(viewer=request.user)},
    )


# The email's HTML part, shown in the preview page's sandboxed frame. Emails carry their
# styles inline (mail clients ignore style sheets), so this one answer's policy allows inline
# styles and nothing else: no script, no outside request, framed only by our own pages.
@csp_replace(
    {
        "default-src": [NONE],
        "style-src": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [SELF],
        "form-action": [NONE],
        "sandbox": "",
    }
)
@xframe_options_sameorigin
@page_requires(PREVIEW_ACTION, PREVIEW_REFUSAL)
def email_preview_html(request, slug):
    email = _preview_or_404(slug).build(viewer=request.user)
    return HttpResponse(email.html, content_type="text/html; charset=utf-8")
