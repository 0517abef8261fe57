"""Pages: see the views module of the same name."""

from django.urls import path

from assessments import views_windows as views

urlpatterns = [
    path("windows/", views.window_list, name="window-list"),
    path("windows/<int:window_id>/", views.window_detail, name="window-detail"),
    path("windows/<int:window_id>/completion.csv", views.window_completion_csv, name="window-completion-csv"),
    path("perception/", views.perception_list, name="perception-list"),
    path("perception/<int:survey_id>/answer/", views.perception_answer, name="perception-answer"),
    path("perception/<int:survey_id>/report/", views.perception_report, name="perception-report"),
    path("perception/<int:survey_id>/close/", views.perception_close, name="perception-close"),
]
