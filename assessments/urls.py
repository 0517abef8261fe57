from django.urls import path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<int:framework_id>/", views.framework_detail, name="framework-detail"),
]
