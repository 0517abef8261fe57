"""The district settings page: the district's own policy, for district administrators."""

from django.contrib import messages
from django.shortcuts import redirect, render

from core.forms import changed_fields, submit
from schools.policy.forms import PolicyForm
from schools.policy.rules import MANAGE
from schools.policy.selectors import policy_get_for_actor
from schools.policy.services import policy_update
from schools.views import requires


@requires(MANAGE)
def policy_edit(request):
    policy = policy_get_for_actor(actor=request.user)
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        initial={
            "goals_require_approval": policy.goals_require_approval,
            "check_in_escalation_days": policy.check_in_escalation_days,
            "credential_max_attempts": policy.credential_max_attempts,
            "blind_review": policy.blind_review,
            "second_review_percent": policy.second_review_percent,
            "review_target_days": policy.review_target_days,
            "case_anonymous_reads": policy.case_anonymous_reads,
        },
    )
    if submit(request, form, lambda _: policy_update(actor=request.user, **changed_fields(form))):
        messages.success(request, "Saved the district's settings.")
        return redirect("schools:policy")
    return render(
        request, "schools/policy.html", {"form": form, "policy": policy}, status=400 if form.errors else 200
    )
