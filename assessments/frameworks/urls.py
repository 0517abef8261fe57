from django.urls import path

from assessments.frameworks.views import catalog, editor

urlpatterns = [
    path("frameworks/", catalog.framework_list, name="framework-list"),
    path("frameworks/<int:framework_id>/", catalog.framework_detail, name="framework-detail"),
    path("frameworks/import/", editor.framework_import, name="framework-import"),
    path("frameworks/new/", editor.framework_new, name="framework-new"),
    path("frameworks/<int:framework_id>/edit/", editor.framework_edit, name="framework-edit"),
    path("frameworks/<int:framework_id>/status/", editor.framework_status, name="framework-status"),
    path("frameworks/<int:framework_id>/updates/", editor.framework_updates, name="framework-updates"),
    path("frameworks/<int:framework_id>/delete/", editor.framework_delete, name="framework-delete"),
    path("frameworks/<int:framework_id>/copy/", editor.framework_copy, name="framework-copy"),
    path("frameworks/<int:framework_id>/levels/", editor.framework_levels, name="framework-levels"),
    path("frameworks/<int:framework_id>/items/new/", editor.item_new, name="item-new"),
    path("frameworks/items/<int:item_id>/", editor.item_row, name="item-row"),
    path("frameworks/items/<int:item_id>/edit/", editor.item_edit, name="item-edit"),
    path("frameworks/items/<int:item_id>/retire/", editor.item_retire, name="item-retire"),
    path("frameworks/items/<int:item_id>/descriptors/", editor.item_descriptors, name="item-descriptors"),
    path(
        "frameworks/items/<int:item_id>/descriptors/edit/",
        editor.item_descriptors_edit,
        name="item-descriptors-edit",
    ),
]
