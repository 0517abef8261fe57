from django.urls import path

from rostering import views

app_name = "rostering"
urlpatterns = [
    path("", views.roster_home, name="home"),
    path("imports/<int:import_id>/", views.import_detail, name="import-detail"),
    path("imports/<int:import_id>/apply/", views.import_apply, name="import-apply"),
    path("mapping/", views.role_mapping, name="role-mapping"),
    path("provider/", views.provider_settings, name="provider"),
    path("provider/pull/", views.provider_pull, name="provider-pull"),
    path("sample.zip", views.sample_download, name="sample"),
]
