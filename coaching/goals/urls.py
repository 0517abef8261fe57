"""Pages: goals (namespace coaching, included from coaching/urls.py)."""

from django.urls import path

from coaching.goals import views

urlpatterns = [
    path("goals/", views.goal_list, name="goal-list"),
    path("goals/new/", views.goal_new, name="goal-new"),
    path("goals/<int:goal_id>/", views.goal_detail, name="goal-detail"),
    path("goals/<int:goal_id>/edit/", views.goal_edit, name="goal-edit"),
    path("goals/<int:goal_id>/progress/", views.goal_progress, name="goal-progress"),
    path("goals/<int:goal_id>/activate/", views.goal_activate, name="goal-activate"),
    path("goals/<int:goal_id>/approve/", views.goal_approve, name="goal-approve"),
    path("goals/<int:goal_id>/return/", views.goal_return, name="goal-return"),
    path("goals/<int:goal_id>/close/", views.goal_close, name="goal-close"),
    path("goals/<int:goal_id>/milestones/", views.goal_milestone_add, name="goal-milestone-add"),
    path(
        "goals/<int:goal_id>/milestones/<int:milestone_id>/complete/",
        views.goal_milestone_complete,
        name="goal-milestone-complete",
    ),
    path("schools/<int:school_id>/goals/", views.school_goals, name="school-goals"),
]
