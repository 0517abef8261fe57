"""Pages: see the views module of the same name."""

from django.urls import path

from assessments import views_editor as views

urlpatterns = [
    path("frameworks/import/", views.framework_import, name="framework-import"),
    path("frameworks/new/", views.framework_new, name="framework-new"),
    path("frameworks/<int:framework_id>/edit/", views.framework_edit, name="framework-edit"),
    path("frameworks/<int:framework_id>/status/", views.framework_status, name="framework-status"),
    path("frameworks/<int:framework_id>/copy/", views.framework_copy, name="framework-copy"),
    path("frameworks/<int:framework_id>/levels/", views.framework_levels, name="framework-levels"),
    path("frameworks/<int:framework_id>/items/new/", views.item_new, name="item-new"),
    path("frameworks/items/<int:item_id>/", views.item_row, name="item-row"),
    path("frameworks/items/<int:item_id>/edit/", views.item_edit, name="item-edit"),
    path("frameworks/items/<int:item_id>/retire/", views.item_retire, name="item-retire"),
    path("frameworks/items/<int:item_id>/descriptors/", views.item_descriptors, name="item-descriptors"),
    path(
        "frameworks/items/<int:item_id>/descriptors/edit/",
        views.item_descriptors_edit,
        name="item-descriptors-edit",
    ),
]
