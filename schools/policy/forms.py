"""The district settings page's form; the bounds are the service's (services.py)."""

from django import forms

from schools.policy.services import ESCALATION_DAYS, REVIEW_RANGES


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
    credential_max_attempts = forms.IntegerField(
        min_value=REVIEW_RANGES["credential_max_attempts"][0],
        max_value=REVIEW_RANGES["credential_max_attempts"][1],
        label="Attempts allowed at one micro-credential",
        help_text="After “not yet” a person may revise and resubmit until this many attempts. From 1 to 10.",
    )
    blind_review = forms.BooleanField(
        required=False,
        label="Blind review: reviewers see neither the name nor the school",
        help_text="Nobody then reviews a person they supervise.",
    )
    second_review_percent = forms.IntegerField(
        min_value=REVIEW_RANGES["second_review_percent"][0],
        max_value=REVIEW_RANGES["second_review_percent"][1],
        label="Submissions with a second, independent review (%)",
        help_text="When the two reviewers disagree, a district administrator decides. From 0 to 100.",
    )
    review_target_days = forms.IntegerField(
        min_value=REVIEW_RANGES["review_target_days"][0],
        max_value=REVIEW_RANGES["review_target_days"][1],
        label="Review target (days)",
        help_text="A reviewer is reminded when a review has waited this long, and again each time as long "
        "again; from the second reminder the district administrators are told too. From 1 to 60.",
    )
    case_anonymous_reads = forms.BooleanField(
        required=False,
        label="Anyone may read our public frameworks from the CASE provider, without credentials",
        help_text="Only adopted frameworks marked public on their edit page. Integration clients with "
        "the CASE scope read every adopted framework either way.",
    )
