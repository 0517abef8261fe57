"""Pages: the reviewer's queue and scoring page, the reviewer pool with the deciding
reviews (district administrators), and each reviewer's figures (central office)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.forms import submit
from core.permissions import page_requires
from pathways.reviews import selectors
from pathways.reviews.forms import ReviewerAddForm, ScoringForm
from pathways.reviews.services.assignment import reviewer_add, reviewer_deactivate, reviewer_reactivate
from pathways.reviews.services.scoring import review_complete
from pathways.reviews.stats import review_stats_for_actor

PAGE_SIZE = 50
ADMINISTRATORS_ONLY = "Only district administrators manage this."


def _queue_rows(page, *, target_days, now):
    """Each review with when it is due and whether it is overdue (the selectors already say
    whether the person is hidden from the reader)."""
    for review in page:
        review.due_at = review.assigned_at + datetime.timedelta(days=target_days)
        review.overdue = review.completed_at is None and review.due_at < now
    return page


@login_required
def review_queue(request):
    """Your reviews: the open ones first, oldest assignment first, then those done."""
    reviews = selectors.review_queue_for_actor(actor=request.user, own_only=True)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    target_days = selectors.review_target_days(actor=request.user)
    _queue_rows(page, target_days=target_days, now=timezone.now())
    return render(request, "pathways/review_queue.html", {"page": page, "target_days": target_days})


@login_required
def review_detail(request, review_id):
    """The scoring page: each requirement with its scoring guide and the answer, pass or
    not yet with feedback, and the decision that follows. Once complete, the scores. The
    review comes blinded for the reader (see `review_detail_for_actor`)."""
    found = selectors.review_get_for_actor(actor=request.user, review_id=review_id)
    review = selectors.review_detail_for_actor(actor=request.user, review=found)
    submission = review.submission
    scorable = review.reviewer_id == request.user.pk and review.completed_at is None
    form = None
    if scorable:
        requirements = [item["requirement"] for item in review.items]
        form = ScoringForm(request.POST if request.method == "POST" else None, requirements=requirements)
        if request.method == "POST" and form.is_valid():
            try:
                review_complete(
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
    fields = {r.pk: (passed, feedback) for r, passed, feedback in form.rows()} if form else {}
    items = []
    for shown in review.items:
        requirement = shown["requirement"]
        answer = shown["answer"]
        item = {
            **shown,
            "file_url": reverse("pathways:submission-evidence", args=[submission.pk, requirement.pk])
            if answer and answer.file
            else "",
        }
        item["passed_field"], item["feedback_field"] = fields.get(requirement.pk, (None, None))
        item["others"] = [(o, o.scores_by_requirement.get(requirement.pk)) for o in review.others_shown]
        items.append(item)
    return render(
        request,
        "pathways/review_detail.html",
        {
            "review": review,
            "submission": submission,
            "mc": submission.micro_credential,
            "items": items,
            "form": form,
            "others": review.others_shown,
            "hide_person": review.hide_person,
            "submitter": review.submitter,
            "schools": review.submitter_schools,
        },
        status=400 if form is not None and form.errors else 200,
    )


@page_requires("review.manage", ADMINISTRATORS_ONLY)
def reviewer_pool(request):
    """The pool (add, deactivate, reactivate) and the open deciding reviews."""
    candidates = selectors.reviewer_candidates_for_actor(actor=request.user)
    form = ReviewerAddForm(request.POST if request.method == "POST" else None, candidates=candidates)
    added = submit(request, form, lambda data: reviewer_add(actor=request.user, person=data["person"]))
    if added:
        messages.success(request, f"{added.person.full_name} is now a reviewer.")
        return redirect("pathways:reviewer-pool")
    pool = selectors.reviewer_pool_for_actor(actor=request.user)
    adjudications = selectors.review_adjudications_open_for_actor(actor=request.user)
    _queue_rows(
        adjudications,
        target_days=selectors.review_target_days(actor=request.user),
        now=timezone.now(),
    )
    return render(
        request,
        "pathways/reviewer_pool.html",
        {"form": form, "pool": pool, "adjudications": adjudications},
        status=400 if form.errors else 200,
    )


@require_POST
@page_requires("review.manage", ADMINISTRATORS_ONLY)
def reviewer_toggle(request, reviewer_id, to):
    reviewer = selectors.reviewer_get_for_actor(actor=request.user, reviewer_id=reviewer_id)
    change = reviewer_reactivate if to == "active" else reviewer_deactivate
    try:
        change(actor=request.user, reviewer=reviewer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        state = "back in the turn" if to == "active" else "out of the turn"
        messages.success(request, f"{reviewer.person.full_name} is {state}.")
    return redirect("pathways:reviewer-pool")


@page_requires("review.stats", ADMINISTRATORS_ONLY)
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
