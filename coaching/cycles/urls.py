"""Pages: the coach's workspace, cycles, observations and feedback (namespace coaching,
included from coaching/urls.py)."""

from django.urls import path

from coaching.cycles.views import cycles, feedback, observations, workspace

urlpatterns = [
    path("coaching/", workspace.workspace, name="workspace"),
    path("coaching/cycles/new/", workspace.cycle_new, name="cycle-new"),
    path("coaching/cycles/<int:pk>/", cycles.cycle_detail, name="cycle-detail"),
    path("coaching/cycles/<int:pk>/transition/", cycles.cycle_transition, name="cycle-transition"),
    path("coaching/cycles/<int:pk>/notes/", cycles.cycle_note_add, name="cycle-note-add"),
    path("coaching/cycles/<int:pk>/feedback/", cycles.cycle_feedback_give, name="cycle-feedback-give"),
    path("coaching/cycles/<int:pk>/events/", cycles.cycle_event_schedule, name="cycle-event-schedule"),
    path(
        "coaching/cycles/<int:pk>/events/<int:event_id>/cancel/",
        cycles.cycle_event_cancel,
        name="cycle-event-cancel",
    ),
    path("coaching/feedback/<int:pk>/", feedback.feedback_detail, name="feedback-detail"),
    path("coaching/share/<str:kind>/<int:pk>/", feedback.share, name="share"),
    path("coaching/observe/", observations.observation_new, name="observation-new"),
    path("coaching/observations/<int:pk>/", observations.observation_detail, name="observation-detail"),
    path("coaching/observations/<int:pk>/edit/", observations.observation_edit, name="observation-edit"),
    path(
        "coaching/observations/<int:pk>/attachments/<int:attachment_id>/",
        observations.attachment_download,
        name="attachment-download",
    ),
]
