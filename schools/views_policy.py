"""The district settings page: the district's own policy, for district administrators."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from core.forms import changed_fields, submit
from schools.policy import ESCALATION_DAYS, policy_get_for_actor, policy_update
from schools.views import requires


class PolicyForm(forms.Form):
    goals_require_approval = forms.BooleanField(
        required=False,
        label="Goals need a supervisor's approval before they become active",
    )
    check_in_escalation_days = forms.IntegerField(
        min_value=ESCALATION_DAYS[0],
        max_value=ESCALATION_DAYS[1],
        label="Escalate an overdue check-in after (days)",
        help_text=f"When a check-in has been overdue this many days, its coach or supervisor is told. "
        f"From {ESCALATION_DAYS[0]} to {ESCALATION_DAYS[1]}.",
    )


@requires("policy.manage")
def policy_edit(request):
    policy = policy_get_for_actor(actor=request.user)
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        initial={
            "goals_require_approval": policy.goals_require_approval,
            "check_in_escalation_days": policy.check_in_escalation_days,
        },
    )
    if submit(request, form, lambda _: policy_update(actor=request.user, **changed_fields(form))):
        messages.success(request, "Saved the district's settings.")
        return redirect("schools:policy")
    return render(
        request, "schools/policy.html", {"form": form, "policy": policy}, status=400 if form.errors else 200
    )
