"""Pages: the check-ins you owe and have answered, and the check-in form."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from coaching import checkins
from coaching.models import CheckIn, CheckInStatus
from coaching.serializers_checkins import MAX_TEXT
from core.forms import submit

RECENT_ANSWERS = 20
RATING_CHOICES = [
    (1, "1 · Stuck"),
    (2, "2 · Slipping"),
    (3, "3 · Steady"),
    (4, "4 · Moving well"),
    (5, "5 · Ahead"),
]


class CheckInForm(forms.Form):
    progress_rating = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        label="How is it going?",
        error_messages={"required": "Choose a rating from 1 to 5."},
    )
    note = forms.CharField(
        required=False,
        max_length=MAX_TEXT,
        label="What happened since the last check-in?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    blockers = forms.CharField(
        required=False,
        max_length=MAX_TEXT,
        label="What is in your way?",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    progress_value = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=2,
        label="Where does the measure stand today?",
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )

    def __init__(self, *args, check_in: CheckIn, **kwargs):
        super().__init__(*args, **kwargs)
        if check_in.goal_id:
            goal = check_in.goal
            self.fields["progress_value"].help_text = (
                f"{goal.measure}. Baseline {goal.baseline}, target {goal.target}"
                + (f", last recorded {goal.current_value}." if goal.current_value is not None else ".")
                + " Leave it empty if nothing new was measured."
            )
        else:
            del self.fields["progress_value"]


@login_required
def check_in_list(request):
    """Yours: what is owed (overdue and open, soonest first), then your recent answers."""
    mine = CheckIn.objects.filter(owner=request.user).select_related("goal", "cycle")
    owed = list(mine.filter(status__in=[CheckInStatus.OVERDUE, CheckInStatus.OPEN]).order_by("due_on", "id"))
    owed.sort(key=lambda c: c.status != CheckInStatus.OVERDUE)  # stable: overdue first, by due date
    answered = list(
        mine.filter(status=CheckInStatus.COMPLETED).order_by("-completed_at", "-id")[:RECENT_ANSWERS]
    )
    return render(request, "coaching/check_in_list.html", {"owed": owed, "answered": answered})


@login_required
def check_in_detail(request, check_in_id):
    """The check-in form for its owner while it is open or overdue; otherwise the check-in
    as it stands (for the owner, their coach, their supervisor, audited for anyone else)."""
    check_in = checkins.check_in_get_for_actor(actor=request.user, check_in_id=check_in_id)
    answerable = check_in.owner_id == request.user.pk and check_in.status != CheckInStatus.COMPLETED
    form = None
    if answerable or request.method == "POST":
        form = CheckInForm(request.POST if request.method == "POST" else None, check_in=check_in)
        done = submit(
            request,
            form,
            lambda data: checkins.check_in_complete(actor=request.user, check_in=check_in, **data),
        )
        if done:
            messages.success(request, f"Thank you. Your check-in due {check_in.due_on:%b %-d} is in.")
            return redirect("coaching:check-in-list")
    return render(
        request,
        "coaching/check_in_form.html",
        {"check_in": check_in, "form": form if answerable or (form and form.errors) else None},
        status=400 if form is not None and form.errors else 200,
    )
