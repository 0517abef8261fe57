from django.urls import path

from webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="endpoint-list"),
    path("new/", views.endpoint_create, name="endpoint-create"),
    path("<int:endpoint_id>/", views.endpoint_detail, name="endpoint-detail"),
    path("<int:endpoint_id>/edit/", views.endpoint_edit, name="endpoint-edit"),
    path("<int:endpoint_id>/rotate-secret/", views.endpoint_rotate_secret, name="endpoint-rotate-secret"),
    path("<int:endpoint_id>/send-test/", views.endpoint_send_test, name="endpoint-send-test"),
    path("<int:endpoint_id>/delete/", views.endpoint_delete, name="endpoint-delete"),
    path(
        "<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver/",
        views.delivery_redeliver,
        name="delivery-redeliver",
    ),
]
