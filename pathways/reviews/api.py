"""/api/v1/reviews/ (the reviewer's queue, scoring, the central office's figures) and
/api/v1/reviewers/ (the pool, for district administrators)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ERRORS_READ, ERRORS_WRITE, parse, resolve
from core.permissions import ActionPermission
from pathways.models import Review, Reviewer, ReviewRole
from pathways.reviews import selectors
from pathways.reviews.filters import ReviewFilter
from pathways.reviews.serializers import (
    ReviewCompleteDoc,
    ReviewCompleteInput,
    ReviewDetailOutput,
    ReviewerCreateInput,
    ReviewerOutput,
    ReviewerStatsOutput,
    ReviewOutput,
    ReviewStatsOutput,
)
from pathways.reviews.services.assignment import reviewer_add, reviewer_deactivate, reviewer_reactivate
from pathways.reviews.services.scoring import review_complete
from pathways.reviews.stats import review_stats_for_actor
from schools.selectors import person_get_for_actor

BLIND = (
    "With blind review (fixed when the review was assigned), the reviewer gets no `person` and no "
    "`school` keys at all; district administrators reading someone else's review see them."
)


class _ReviewContext:
    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "target_days": selectors.review_target_days(actor=self.request.user),
            "now": timezone.now(),
        }


@extend_schema_view(
    list=extend_schema(
        summary="My review queue",
        description="The reviews assigned to you, open ones first (oldest assignment first), then completed "
        "ones (latest first). District administrators see every review and filter with `?reviewer=<person "
        "id>`, `?role=adjudication` (deciding reviews), `?open=true`. A bad filter value is a 400 naming "
        "it. " + BLIND,
        parameters=[
            OpenApiParameter("reviewer", int, description="A reviewer's person id."),
            OpenApiParameter("role", str, enum=ReviewRole.values),
            OpenApiParameter("open", bool),
        ],
        responses={200: ReviewOutput(many=True), **ERRORS_READ},
    ),
)
class ReviewViewSet(_ReviewContext, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Review.objects.none()
    serializer_class = ReviewOutput
    filterset_class = ReviewFilter
    ordering_fields = ["assigned_at", "completed_at"]

    def get_queryset(self):
        return selectors.review_queue_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.review_get_for_actor(actor=self.request.user, review_id=self.kwargs["pk"])

    def _detail(self, review, status_code=status.HTTP_200_OK):
        shown = selectors.review_detail_for_actor(actor=self.request.user, review=review)
        data = ReviewDetailOutput(shown, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    @extend_schema(
        summary="A review with what scoring it needs",
        description="The requirements of the version the submission answered, each with its scoring guide "
        "and the answer (text, link, or a file with its `download_url`), your scores once given, and the "
        "submission's other completed reviews — only after your own are in (or at once for the deciding "
        "review). Administrators reading someone else's review are audited. " + BLIND,
        responses={200: ReviewDetailOutput, **ERRORS_READ},
    )
    def retrieve(self, request, pk=None):
        return self._detail(self.get_object())

    @extend_schema(
        summary="Score every requirement and complete the review",
        description="Only the assigned reviewer, only while open. A score for every requirement: "
        "`{requirement, passed, feedback}`; feedback is required when not passed. Errors name the row: "
        "`scores[2].feedback`, `scores[0].requirement`; `scores` when one is missing; `status` when the "
        "review is already complete. All pass → earned. The submission is then decided, unless it waits "
        "for the second review or, when the two disagree, for a district administrator's deciding review. "
        "Someone else's review is a 403.",
        request=ReviewCompleteDoc,
        responses={200: ReviewDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        data = parse(ReviewCompleteInput, request.data)
        review = review_complete(
            actor=request.user, review=self.get_object(), scores=data["scores"], comment=data["comment"]
        )
        return self._detail(review)

    @extend_schema(
        summary="Each reviewer's agreement rate and turnaround (central office, administrators)",
        description="Per reviewer (everyone in the pool and anyone given a review): completed reviews; "
        "agreement rate, the share of their completed double-reviewed submissions (first and second reviews "
        "both complete) where their decision matched the other reviewer's, null when there are none; "
        "median hours from assignment to completion; open reviews and those past the district's target.",
        responses={
            200: ReviewStatsOutput,
            401: ERRORS_WRITE[401],
            403: ERRORS_WRITE[403],
        },
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def stats(self, request):
        stats = review_stats_for_actor(actor=request.user)
        return Response(
            {
                "review_target_days": stats.target_days,
                "results": ReviewerStatsOutput(stats.rows, many=True).data,
            }
        )


@extend_schema_view(
    list=extend_schema(
        summary="The reviewer pool (district administrators)",
        description="Everyone in the pool, active or not, with their open reviews.",
        responses={200: ReviewerOutput(many=True), **ERRORS_WRITE},
    ),
    retrieve=extend_schema(
        summary="A reviewer (district administrators)", responses={200: ReviewerOutput, **ERRORS_WRITE}
    ),
)
class ReviewerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Reviewer.objects.none()
    serializer_class = ReviewerOutput
    permission_classes = [ActionPermission("review.manage", "review.manage")]
    filter_backends = []

    def get_queryset(self):
        return selectors.reviewer_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.reviewer_get_for_actor(actor=self.request.user, reviewer_id=self.kwargs["pk"])

    def _one(self, reviewer, status_code=status.HTTP_200_OK):
        return Response(
            ReviewerOutput(
                selectors.reviewer_get_for_actor(actor=self.request.user, reviewer_id=reviewer.pk)
            ).data,
            status=status_code,
        )

    @extend_schema(
        summary="Add someone to the pool",
        description="`person`: someone who works in the district; a 400 on `person` when unknown, no longer "
        "active, or already in the pool (a deactivated reviewer is reactivated instead). Submissions waiting "
        "for a reviewer are then assigned, in turn. Audited.",
        request=ReviewerCreateInput,
        responses={201: ReviewerOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(ReviewerCreateInput, request.data)
        person = resolve("person", person_get_for_actor, actor=request.user, person_id=data["person"])
        return self._one(reviewer_add(actor=request.user, person=person), status.HTTP_201_CREATED)

    @extend_schema(
        summary="Take a reviewer out of the turn",
        description="Reviews already assigned stay theirs. A 400 on `is_active` when already "
        "deactivated. Audited.",
        request=None,
        responses={200: ReviewerOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        return self._one(reviewer_deactivate(actor=request.user, reviewer=self.get_object()))

    @extend_schema(
        summary="Put a reviewer back in the turn",
        description="Whatever waits for a reviewer is then assigned. A 400 on `is_active` when "
        "already active. Audited.",
        request=None,
        responses={200: ReviewerOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        return self._one(reviewer_reactivate(actor=request.user, reviewer=self.get_object()))
