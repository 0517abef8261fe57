"""Forms of the reviews pages: scoring a review, and adding someone to the pool."""

import re

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import User
from core.forms import add_service_errors
from pathways.reviews.services.scoring import MAX_FEEDBACK

PASS, NOT_YET = "pass", "not_yet"


class ScoringForm(forms.Form):
    """One pass / not yet choice and one feedback box per requirement, and a comment."""

    comment = forms.CharField(
        required=False,
        max_length=MAX_FEEDBACK,
        label="Overall comment (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, requirements, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        for requirement in self.requirements:
            self.fields[f"passed_{requirement.pk}"] = forms.ChoiceField(
                choices=[(PASS, "Pass"), (NOT_YET, "Not yet")],
                widget=forms.RadioSelect,
                label=f"Requirement {requirement.position}: {requirement.title}",
                error_messages={"required": "Choose pass or not yet."},
            )
            self.fields[f"feedback_{requirement.pk}"] = forms.CharField(
                required=False,
                max_length=MAX_FEEDBACK,
                label="Feedback",
                help_text="Required for “not yet”: say what is missing against the scoring guide.",
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self):
        return [(r, self[f"passed_{r.pk}"], self[f"feedback_{r.pk}"]) for r in self.requirements]

    def scores(self) -> list[dict]:
        return [
            {
                "requirement": r.pk,
                "passed": self.cleaned_data[f"passed_{r.pk}"] == PASS,
                "feedback": self.cleaned_data[f"feedback_{r.pk}"],
            }
            for r in self.requirements
        ]

    def add_service_errors(self, error: ValidationError) -> None:
        """`scores[2].feedback` from the service goes next to the third requirement's box."""
        remaining = {}
        for key, messages_ in error.message_dict.items():
            match = re.fullmatch(r"scores\[(\d+)\]\.(passed|feedback)", key)
            if match and int(match[1]) < len(self.requirements):
                requirement = self.requirements[int(match[1])]
                for message in messages_:
                    self.add_error(f"{match[2]}_{requirement.pk}", message)
            else:
                remaining[key] = messages_
        if remaining:
            add_service_errors(self, ValidationError(remaining))


class ReviewerAddForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), label="Add a reviewer")

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.email})"
