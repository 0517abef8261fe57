"""The district dashboard's pages, under /dashboards/ (namespace "dashboards")."""

from django.urls import path

from dashboards import views_district

urlpatterns = [
    path("district/", views_district.district_page, name="district"),
    path("district/schools.csv", views_district.schools_csv, name="district-schools-csv"),
    path("district/heatmap.csv", views_district.heatmap_csv, name="district-heatmap-csv"),
    path("district/trend.csv", views_district.trend_csv, name="district-trend-csv"),
]
