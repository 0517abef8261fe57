"""Pages: pathways, my pathways, the pathway editor and the leader pipeline."""

from django.urls import path

from pathways.programs import views

urlpatterns = [
    path("pathways/", views.pathway_list, name="pathway-list"),
    path("pathways/new/", views.pathway_new, name="pathway-new"),
    path("pathways/pipeline/", views.pipeline_page, name="pipeline"),
    path("pathways/<int:pathway_id>/", views.pathway_detail_page, name="pathway-detail"),
    path("pathways/<int:pathway_id>/edit/", views.pathway_edit, name="pathway-edit"),
    path("pathways/<int:pathway_id>/enroll/", views.pathway_enroll, name="pathway-enroll"),
    path(
        "pathways/<int:pathway_id>/publish/", views.pathway_status, {"to": "publish"}, name="pathway-publish"
    ),
    path("pathways/<int:pathway_id>/retire/", views.pathway_status, {"to": "retire"}, name="pathway-retire"),
    path(
        "enrollments/<int:enrollment_id>/steps/<int:step_id>/done/",
        views.activity_done,
        name="activity-done",
    ),
    path("enrollments/<int:enrollment_id>/withdraw/", views.enrollment_withdraw, name="enrollment-withdraw"),
    path("my/pathways/", views.my_pathways, name="my-pathways"),
]
