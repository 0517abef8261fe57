from django.urls import include, path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<int:framework_id>/", views.framework_detail, name="framework-detail"),
    path("", include("assessments.urls_self_assessment")),
    path("", include("assessments.urls_windows")),
    path("", include("assessments.urls_editor")),
]
