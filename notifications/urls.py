from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:notification_id>/read/", views.mark_read, name="mark-read"),
    path("inbox/read-all/", views.mark_all_read, name="mark-all-read"),
    path("inbox/preferences/", views.preferences, name="preferences"),
    path("emails/", views.email_previews, name="email-previews"),
    path("emails/<slug:slug>/", views.email_preview, name="email-preview"),
    path("emails/<slug:slug>/html/", views.email_preview_html, name="email-preview-html"),
]
