"""Pages for assessment windows: the list (and, for the central office, opening one) and
each window's completion per school, on the page and as CSV."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render

from assessments.windows import rules, selectors, services
from assessments.windows.forms import WindowForm
from core.forms import submit
from core.permissions import page_requires
from core.roles import Role
from core.time import district_today

SUPPRESSED = f"Fewer than {selectors.SMALL_GROUP} people — not shown"
follows_completion = page_requires("window.completion", rules.COMPLETION_REFUSAL)


def _posted(request):
    """The POST data of a POST (even an empty one, which must still be validated)."""
    return request.POST if request.method == "POST" else None


def _window_status(window, today) -> str:
    if today < window.opens_on:
        return "upcoming"
    if today > window.closes_on:
        return "closed"
    return "open"


@login_required
def window_list(request):
    may_manage = rules.may_open_windows(actor=request.user)
    form = None
    if may_manage:
        form = WindowForm(_posted(request), actor=request.user)
        window = submit(
            request,
            form,
            lambda data: services.window_open(
                actor=request.user,
                framework=data["framework"],
                title=data["title"],
                roles=data["roles"],
                schools=list(data["schools"]),
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                reminder_days=data["reminder_days"],
            ),
        )
        if window:
            messages.success(request, f"Opened “{window.title}”.")
            return redirect("assessments:window-detail", window_id=window.pk)
    elif request.method == "POST":
        raise PermissionDenied("Only the central office opens windows.")
    today = district_today()
    role_labels = dict(Role.choices)
    rows = [
        {
            "window": w,
            "status": _window_status(w, today),
            "roles": [role_labels.get(r, r) for r in w.roles],
            "schools": selectors.window_school_names(window=w),
        }
        for w in selectors.window_list_for_actor(actor=request.user)
    ]
    return render(
        request,
        "assessments/window_list.html",
        {"rows": rows, "form": form, "follows_completion": rules.may_follow_completion(actor=request.user)},
        status=400 if form is not None and form.errors else 200,
    )


def _window_for_completion(request, window_id):
    window = selectors.window_get_for_actor(actor=request.user, window_id=window_id)
    return window, selectors.window_completion(actor=request.user, window=window)


@follows_completion
def window_detail(request, window_id):
    window, rows = _window_for_completion(request, window_id)
    role_labels = dict(Role.choices)
    for row in rows:
        row["percent"] = None if row["suppressed"] else round(row["rate"] * 100)
    return render(
        request,
        "assessments/window_detail.html",
        {
            "window": window,
            "status": _window_status(window, district_today()),
            "roles": [role_labels.get(r, r) for r in window.roles],
            "schools": selectors.window_school_names(window=window),
            "rows": rows,
            "suppressed_label": SUPPRESSED,
            "school_scope": rules.follows_own_schools_only(actor=request.user),
        },
    )


class _Echo:
    def write(self, value):
        return value


@follows_completion
def window_completion_csv(request, window_id):
    window, rows = _window_for_completion(request, window_id)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(["School", "In scope", "Submitted", "Rate (%)", "Note"])
        for row in rows:
            if row["suppressed"]:
                yield writer.writerow([row["school_name"], "", "", "", SUPPRESSED])
            else:
                percent = f"{row['rate'] * 100:.1f}"
                yield writer.writerow([row["school_name"], row["in_scope"], row["submitted"], percent, ""])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="window-{window.pk}-completion.csv"'
    return response
