"""Pages: the catalog, a micro-credential's page, and curating drafts and versions."""

from django.urls import path

from pathways.catalog import views

urlpatterns = [
    path("micro-credentials/", views.catalog, name="catalog"),
    path("micro-credentials/new/", views.micro_credential_new, name="micro-credential-new"),
    path(
        "micro-credentials/<int:micro_credential_id>/",
        views.micro_credential_detail,
        name="micro-credential-detail",
    ),
    path(
        "micro-credentials/<int:micro_credential_id>/edit/",
        views.micro_credential_edit,
        name="micro-credential-edit",
    ),
    path(
        "micro-credentials/<int:micro_credential_id>/publish/",
        views.micro_credential_publish,
        name="micro-credential-publish",
    ),
    path(
        "micro-credentials/<int:micro_credential_id>/retire/",
        views.micro_credential_retire,
        name="micro-credential-retire",
    ),
    path(
        "micro-credentials/<int:micro_credential_id>/new-version/",
        views.micro_credential_new_version,
        name="micro-credential-new-version",
    ),
]
