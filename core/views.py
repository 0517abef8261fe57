from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.selectors import person_list_for_actor
from schools.selectors import supervision_list_for_actor


@login_required
def home(request):
    """The person's memberships, their schools, and who they supervise or report to."""
    me = person_list_for_actor(actor=request.user).get(pk=request.user.pk)
    memberships = [m for m in me.memberships.all() if m.is_current]
    supervisions = supervision_list_for_actor(actor=request.user).filter(ended_on__isnull=True)
    return render(
        request,
        "core/home.html",
        {
            "me": me,
            "memberships": memberships,
            "schools": sorted({m.school for m in memberships if m.school}, key=lambda s: s.name),
            "supervisors": [s.supervisor for s in supervisions if s.supervisee_id == me.pk],
            "supervisees": [s.supervisee for s in supervisions if s.supervisor_id == me.pk],
        },
    )
