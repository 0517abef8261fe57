"""One school's dashboard and its downloads, under /dashboards/ (namespace "dashboards")."""

from django.urls import path

from dashboards import views_school

urlpatterns = [
    path("my-school/", views_school.my_school, name="my-school"),
    path("schools/<int:school_id>/", views_school.school_page, name="school"),
    path("schools/<int:school_id>/goals.csv", views_school.goals_csv, name="school-goals-csv"),
    path("schools/<int:school_id>/progress.csv", views_school.progress_csv, name="school-progress-csv"),
    path("schools/<int:school_id>/trend.csv", views_school.trend_csv, name="school-trend-csv"),
    path("schools/<int:school_id>/growth.csv", views_school.growth_csv, name="school-growth-csv"),
    path("schools/<int:school_id>/summary.csv", views_school.summary_csv, name="school-summary-csv"),
]
