"""The district dashboard's pages, under /dashboards/ (namespace "dashboards")."""

from django.urls import path

from dashboards.district import views

urlpatterns = [
    path("dashboards/district/", views.district_page, name="district"),
    path("dashboards/district/schools.csv", views.schools_csv, name="district-schools-csv"),
    path("dashboards/district/heatmap.csv", views.heatmap_csv, name="district-heatmap-csv"),
    path("dashboards/district/trend.csv", views.trend_csv, name="district-trend-csv"),
]
