"""Pages of the vision and roadmap (included by schools/urls.py, namespace "schools")."""

from django.urls import path

from schools.roadmap import views

urlpatterns = [
    path("roadmap/", views.roadmap_page, name="roadmap"),
    path("roadmap/edit/", views.roadmap_edit, name="roadmap-edit"),
    path("roadmap/edit/vision/", views.vision_save, name="roadmap-vision"),
    path("roadmap/edit/phases/<str:stage>/", views.phase_save, name="roadmap-phase-save"),
    path("roadmap/edit/phases/<int:phase_id>/delete/", views.phase_delete, name="roadmap-phase-delete"),
    path("roadmap/edit/phases/<int:phase_id>/milestones/", views.milestone_add, name="roadmap-milestone-add"),
    path("roadmap/edit/milestones/<int:milestone_id>/", views.milestone_save, name="roadmap-milestone-save"),
    path(
        "roadmap/edit/milestones/<int:milestone_id>/done/",
        views.milestone_done,
        name="roadmap-milestone-done",
    ),
    path(
        "roadmap/edit/milestones/<int:milestone_id>/delete/",
        views.milestone_delete,
        name="roadmap-milestone-delete",
    ),
    path("roadmap/edit/schools/<int:school_id>/stage/", views.school_stage, name="roadmap-school-stage"),
]
