"""One school's dashboard and its downloads, under /dashboards/ (namespace "dashboards")."""

from django.urls import path

from dashboards.school import views

urlpatterns = [
    path("dashboards/my-school/", views.my_school, name="my-school"),
    path("dashboards/schools/<int:school_id>/", views.school_page, name="school"),
    path("dashboards/schools/<int:school_id>/goals.csv", views.goals_csv, name="school-goals-csv"),
    path("dashboards/schools/<int:school_id>/progress.csv", views.progress_csv, name="school-progress-csv"),
    path("dashboards/schools/<int:school_id>/trend.csv", views.trend_csv, name="school-trend-csv"),
    path("dashboards/schools/<int:school_id>/growth.csv", views.growth_csv, name="school-growth-csv"),
    path("dashboards/schools/<int:school_id>/summary.csv", views.summary_csv, name="school-summary-csv"),
]
