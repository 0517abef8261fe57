"""Pages: the reviewer's queue and scoring page, the reviewer pool with the deciding
reviews (district administrators), and each reviewer's figures (central office)."""

import datetime
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from core.forms import add_service_errors, submit
from pathways import reviews as services
from pathways.models import ReviewRole
from pathways.review_stats import review_stats_for_actor
from pathways.submissions import evidence_name
from schools.models import DistrictPolicy
from schools.views import requires

PAGE_SIZE = 50
PASS, NOT_YET = "pass", "not_yet"


def _queue_rows(page, *, actor, target_days, now):
    """Each review with what its row shows; the person only where the review is not blind."""
    for review in page:
        review.due_at = review.assigned_at + datetime.timedelta(days=target_days)
        review.overdue = review.completed_at is None and review.due_at < now
        review.hide_person = services.review_is_blind_for(review, actor)
    return page


@login_required
def review_queue(request):
    """Your reviews: the open ones first, oldest assignment first, then those done."""
    reviews = (
        services.review_list_for_actor(actor=request.user)
        .filter(reviewer=request.user)
        .prefetch_related(services.person_schools_prefetch())
        .order_by(F("completed_at").desc(nulls_first=True), "assigned_at", "id")
    )
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    target_days = DistrictPolicy.current().review_target_days
    _queue_rows(page, actor=request.user, target_days=target_days, now=timezone.now())
    return render(request, "pathways/review_queue.html", {"page": page, "target_days": target_days})


class ScoringForm(forms.Form):
    """One pass / not yet choice and one feedback box per requirement, and a comment."""

    comment = forms.CharField(
        required=False,
        max_length=services.MAX_FEEDBACK,
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
                max_length=services.MAX_FEEDBACK,
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


@login_required
def review_detail(request, review_id):
    """The scoring page: each requirement with its scoring guide and the answer, pass or
    not yet with feedback, and the decision that follows. Once complete, the scores."""
    review = services.review_detail(services.review_get_for_actor(actor=request.user, review_id=review_id))
    submission = review.submission
    requirements = list(submission.micro_credential.requirements.all())
    answers = {a.requirement_id: a for a in submission.answers.all()}
    scorable = review.reviewer_id == request.user.pk and review.completed_at is None
    form = None
    if scorable:
        form = ScoringForm(request.POST if request.method == "POST" else None, requirements=requirements)
        if request.method == "POST" and form.is_valid():
            try:
                services.review_complete(
                    actor=request.user,
                    review=review,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Thank you. Your review is in.")
                return redirect("pathways:review-detail", review.pk)
    elif request.method == "POST":
        messages.error(request, "This review is not open for you to score.")
    scores = {s.requirement_id: s for s in review.scores.all()}
    hide_person = services.review_is_blind_for(review, request.user)
    items = []
    for requirement in requirements:
        answer = answers.get(requirement.pk)
        items.append(
            {
                "requirement": requirement,
                "answer": answer,
                "file_url": reverse("pathways:submission-evidence", args=[submission.pk, requirement.pk])
                if answer and answer.file
                else "",
                "file_name": evidence_name(answer, position=requirement.position, blind=hide_person)
                if answer and answer.file
                else "",
                "score": scores.get(requirement.pk),
            }
        )
    fields = {r.pk: (passed, feedback) for r, passed, feedback in form.rows()} if form else {}
    for item in items:
        item["passed_field"], item["feedback_field"] = fields.get(item["requirement"].pk, (None, None))
    others = []
    if services.review_may_see_other_scores(review, request.user):
        others = [o for o in submission.completed_reviews if o.pk != review.pk]
        for other in others:
            other.scores_by_requirement = {s.requirement_id: s for s in other.scores.all()}
        for item in items:
            item["others"] = [(o, o.scores_by_requirement.get(item["requirement"].pk)) for o in others]
    schools = sorted({m.school.name for m in getattr(submission.person, "current_school_memberships", [])})
    return render(
        request,
        "pathways/review_detail.html",
        {
            "review": review,
            "submission": submission,
            "mc": submission.micro_credential,
            "items": items,
            "form": form,
            "others": others,
            "hide_person": hide_person,
            "schools": schools,
        },
        status=400 if form is not None and form.errors else 200,
    )


class ReviewerAddForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), label="Add a reviewer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(is_active=True, reviewer__isnull=True).order_by(
            "last_name", "first_name", "id"
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.email})"


@requires("review.manage")
def reviewer_pool(request):
    """The pool (add, deactivate, reactivate) and the open deciding reviews."""
    form = ReviewerAddForm(request.POST if request.method == "POST" else None)
    added = submit(
        request, form, lambda data: services.reviewer_add(actor=request.user, person=data["person"])
    )
    if added:
        messages.success(request, f"{added.person.full_name} is now a reviewer.")
        return redirect("pathways:reviewer-pool")
    pool = services.reviewer_list_for_actor(actor=request.user).order_by(
        "-is_active", "person__last_name", "person__first_name", "id"
    )
    adjudications = list(
        services.review_list_for_actor(actor=request.user)
        .filter(role=ReviewRole.ADJUDICATION, completed_at__isnull=True)
        .prefetch_related(services.person_schools_prefetch())
        .order_by("assigned_at", "id")
    )
    _queue_rows(
        adjudications,
        actor=request.user,
        target_days=DistrictPolicy.current().review_target_days,
        now=timezone.now(),
    )
    return render(
        request,
        "pathways/reviewer_pool.html",
        {"form": form, "pool": pool, "adjudications": adjudications},
        status=400 if form.errors else 200,
    )


@require_POST
@requires("review.manage")
def reviewer_toggle(request, reviewer_id, to):
    reviewer = services.reviewer_get_for_actor(actor=request.user, reviewer_id=reviewer_id)
    change = services.reviewer_reactivate if to == "active" else services.reviewer_deactivate
    try:
        change(actor=request.user, reviewer=reviewer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        state = "back in the turn" if to == "active" else "out of the turn"
        messages.success(request, f"{reviewer.person.full_name} is {state}.")
    return redirect("pathways:reviewer-pool")


@requires("review.stats")
def review_stats(request):
    """Each reviewer's figures: a table, and a chart of agreement and turnaround beside it."""
    stats = review_stats_for_actor(actor=request.user)
    chart = {
        "labels": [row.name for row in stats.rows],
        "agreement": [
            None if row.agreement_rate is None else round(row.agreement_rate * 100) for row in stats.rows
        ],
        "turnaround": [row.median_turnaround_hours for row in stats.rows],
    }
    return render(request, "pathways/review_stats.html", {"stats": stats, "chart": chart})
