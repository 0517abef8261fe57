from django.urls import path

from assessments.perception import views

urlpatterns = [
    path("perception/", views.perception_list, name="perception-list"),
    path("perception/<int:survey_id>/answer/", views.perception_answer, name="perception-answer"),
    path("perception/<int:survey_id>/report/", views.perception_report, name="perception-report"),
    path("perception/<int:survey_id>/close/", views.perception_close, name="perception-close"),
]
