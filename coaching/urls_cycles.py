"""Pages: the coach's workspace, cycles, observations and feedback (namespace coaching)."""

from django.urls import path

from coaching import views_cycles as views

urlpatterns = [
    path("coaching/", views.workspace, name="workspace"),
    path("coaching/cycles/new/", views.cycle_new, name="cycle-new"),
    path("coaching/cycles/<int:pk>/", views.cycle_detail, name="cycle-detail"),
    path("coaching/cycles/<int:pk>/transition/", views.cycle_transition, name="cycle-transition"),
    path("coaching/cycles/<int:pk>/notes/", views.cycle_note_add, name="cycle-note-add"),
    path("coaching/cycles/<int:pk>/feedback/", views.cycle_feedback_give, name="cycle-feedback-give"),
    path("coaching/cycles/<int:pk>/events/", views.cycle_event_schedule, name="cycle-event-schedule"),
    path(
        "coaching/cycles/<int:pk>/events/<int:event_id>/cancel/",
        views.cycle_event_cancel,
        name="cycle-event-cancel",
    ),
    path("coaching/feedback/<int:pk>/", views.feedback_detail, name="feedback-detail"),
    path("coaching/share/<str:kind>/<int:pk>/", views.share, name="share"),
    path("coaching/observe/", views.observation_new, name="observation-new"),
    path("coaching/observations/<int:pk>/", views.observation_detail, name="observation-detail"),
    path("coaching/observations/<int:pk>/edit/", views.observation_edit, name="observation-edit"),
    path(
        "coaching/observations/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment-download",
    ),
]
