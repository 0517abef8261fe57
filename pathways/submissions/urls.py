"""Pages: starting a micro-credential, the submission editor, my micro-credentials."""

from django.urls import path

from pathways.submissions import views

urlpatterns = [
    path(
        "micro-credentials/<int:micro_credential_id>/start/", views.submission_start, name="submission-start"
    ),
    path("submissions/<int:submission_id>/", views.submission_edit, name="submission-edit"),
    path(
        "submissions/<int:submission_id>/answers/<int:requirement_id>/",
        views.answer_save,
        name="submission-answer",
    ),
    path(
        "submissions/<int:submission_id>/answers/<int:requirement_id>/file/",
        views.evidence,
        name="submission-evidence",
    ),
    path(
        "submissions/<int:submission_id>/answers/<int:requirement_id>/file/remove/",
        views.evidence_remove,
        name="submission-evidence-remove",
    ),
    path("submissions/<int:submission_id>/submit/", views.submission_submit, name="submission-submit"),
    path("submissions/<int:submission_id>/resubmit/", views.submission_resubmit, name="submission-resubmit"),
    path("my/micro-credentials/", views.my_submissions, name="my-submissions"),
]
