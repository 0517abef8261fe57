"""Pages: reviews (the pathways namespace is assembled in pathways/urls.py)."""

from django.urls import path

from pathways.reviews import views

urlpatterns = [
    path("reviews/", views.review_queue, name="review-queue"),
    path("reviews/stats/", views.review_stats, name="review-stats"),
    path("reviews/<int:review_id>/", views.review_detail, name="review-detail"),
    path("reviewers/", views.reviewer_pool, name="reviewer-pool"),
    path(
        "reviewers/<int:reviewer_id>/deactivate/",
        views.reviewer_toggle,
        {"to": "inactive"},
        name="reviewer-deactivate",
    ),
    path(
        "reviewers/<int:reviewer_id>/reactivate/",
        views.reviewer_toggle,
        {"to": "active"},
        name="reviewer-reactivate",
    ),
]
