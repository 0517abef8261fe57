"""The identity providers pages (namespace "identity")."""

from django.urls import path

from identity.providers import views

urlpatterns = [
    path("", views.provider_list, name="provider-list"),
    path("new/", views.provider_new, name="provider-new"),
    path("<int:provider_id>/", views.provider_edit, name="provider-edit"),
    path("<int:provider_id>/delete/", views.provider_delete, name="provider-delete"),
]
