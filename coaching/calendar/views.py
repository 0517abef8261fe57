"""Pages: the coach's calendar (a week or a month of planned observations and meetings)
and its .ics subscription link. Rules are in the area's docstring (coaching/calendar/)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from coaching.calendar import selectors, services
from core.time import district_today


def _start(value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"start": "Give a date as YYYY-MM-DD."}) from None


def _page(request, *, feed_url: str = "", status: int = 200):
    view = request.GET.get("view", "week")
    today = district_today()
    try:
        first, last, previous, following = selectors.calendar_window(
            view=view, start=_start(request.GET.get("start", "")), today=today
        )
    except ValidationError as error:
        return render(
            request,
            "coaching/calendar.html",
            {"error": " ".join(error.messages), "view": "week"},
            status=400,
        )
    context = {
        "view": view,
        "first": first,
        "last": last,
        "previous": previous,
        "following": following,
        "today": today,
        "days": selectors.calendar_days(actor=request.user, first=first, last=last),
        "this_range": first <= today <= last,
        "has_feed": selectors.calendar_feed_exists(actor=request.user),
        "feed_url": feed_url,
    }
    if not context["days"]:
        context["next_event"] = selectors.calendar_next_event(actor=request.user, after=last)
    return render(request, "coaching/calendar.html", context, status=status)


@login_required
@require_GET
def calendar_page(request):
    """`?view=week|month&start=YYYY-MM-DD`: the week or month around `start` (today by default)."""
    return _page(request)


@login_required
@require_POST
def calendar_link(request):
    """Make a new subscription link (shown once, on this response) or revoke the old one."""
    if request.POST.get("action") == "revoke":
        if services.calendar_feed_revoke(actor=request.user):
            messages.success(request, "The subscription link no longer works.")
        return redirect("coaching:calendar")
    token = services.calendar_feed_issue(actor=request.user)
    url = request.build_absolute_uri(reverse("coaching:calendar-feed", args=[token]))
    return _page(request, feed_url=url)


@require_GET
def calendar_feed(request, token):
    """The .ics feed a calendar app polls: no sign-in, the secret link is the key."""
    owner = services.calendar_feed_owner(token=token)
    if owner is None:
        raise Http404("No such calendar.")
    body = selectors.calendar_feed_ics(
        owner=owner,
        district_name=getattr(connection.tenant, "name", ""),
        url_for=lambda event: request.build_absolute_uri(
            reverse("coaching:cycle-detail", args=[event.cycle_id])
        ),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="coaching.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["Referrer-Policy"] = "no-referrer"
    return response
