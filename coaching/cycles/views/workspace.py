"""Pages: the coach's workspace and starting a cycle."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from coaching.cycles.forms import CycleForm
from coaching.cycles.selectors.workspace import cycles_as_coachee, workspace_for
from coaching.cycles.services.lifecycle import cycle_start
from coaching.relations import leads_coaching
from core.forms import submit
from core.permissions import page_requires
from core.time import district_today

CYCLE_WEEKS = 6  # a typical cycle, offered as the default end


@login_required
def workspace(request):
    """Coaches see their coachees, open cycles and next actions; everyone sees the cycles
    they are coached in."""
    context = {"as_coachee": cycles_as_coachee(person=request.user), "leads": leads_coaching(request.user)}
    if context["leads"]:
        context.update(workspace_for(coach=request.user))
    return render(request, "coaching/workspace.html", context)


@page_requires("coaching.lead", "Coaches, principals and the central office lead coaching cycles.")
def cycle_new(request):
    today = district_today()
    form = CycleForm(
        request.POST if request.method == "POST" else None,
        actor=request.user,
        initial={"starts_on": today, "ends_on": today + datetime.timedelta(weeks=CYCLE_WEEKS)},
    )
    cycle = submit(
        request,
        form,
        lambda data: cycle_start(
            actor=request.user,
            coachee=data["coachee"],
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            cadence=data["cadence"],
            focus_indicator_ids=[i.pk for i in data["focus_indicators"]],
        ),
    )
    if cycle:
        messages.success(request, f"Cycle started with {cycle.coachee.full_name}.")
        return redirect("coaching:cycle-detail", cycle.pk)
    return render(request, "coaching/cycle_new.html", {"form": form})
