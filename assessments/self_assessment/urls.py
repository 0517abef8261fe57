from django.urls import path

from assessments.self_assessment import views

urlpatterns = [
    path("self-assessments/", views.self_assessment_list, name="self-assessment-list"),
    path("self-assessments/start/", views.self_assessment_start, name="self-assessment-start"),
    path(
        "self-assessments/<int:self_assessment_id>/", views.self_assessment_form, name="self-assessment-form"
    ),
    path(
        "self-assessments/<int:self_assessment_id>/rate/<int:indicator_id>/",
        views.self_assessment_rate,
        name="self-assessment-rate",
    ),
    path(
        "self-assessments/<int:self_assessment_id>/reflection/",
        views.self_assessment_reflect,
        name="self-assessment-reflect",
    ),
    path(
        "self-assessments/<int:self_assessment_id>/submit/",
        views.self_assessment_submit,
        name="self-assessment-submit",
    ),
    path(
        "self-assessments/<int:self_assessment_id>/results/",
        views.self_assessment_results_page,
        name="self-assessment-results",
    ),
    path(
        "self-assessments/<int:self_assessment_id>/focus/",
        views.self_assessment_focus,
        name="self-assessment-focus",
    ),
]
