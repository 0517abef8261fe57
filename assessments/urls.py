from django.urls import include, path

app_name = "assessments"
urlpatterns = [
    path("", include("assessments.frameworks.urls")),
    path("", include("assessments.self_assessment.urls")),
    path("", include("assessments.windows.urls")),
    path("", include("assessments.perception.urls")),
]
