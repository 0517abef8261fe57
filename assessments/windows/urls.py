from django.urls import path

from assessments.windows import views

urlpatterns = [
    path("windows/", views.window_list, name="window-list"),
    path("windows/<int:window_id>/", views.window_detail, name="window-detail"),
    path("windows/<int:window_id>/completion.csv", views.window_completion_csv, name="window-completion-csv"),
]
