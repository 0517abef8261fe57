"""The check-in form: a rating in words, what happened, what is in the way and, for a
goal, where its measure stands."""

from django import forms

from coaching.checkins.serializers import MAX_TEXT
from coaching.models import CheckIn

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
