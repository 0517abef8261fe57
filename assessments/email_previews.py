"""Preview of the self-assessment window reminder, with the viewer's district's latest window."""

import datetime

from django.utils import timezone

from assessments.models import AssessmentWindow, Framework
from assessments.windows.services import window_reminder_context
from core.emails import email_preview, render_email


@email_preview("window-reminder", "Self-assessment window reminder")
def window_reminder(*, viewer):
    window = AssessmentWindow.objects.select_related("framework").order_by("-closes_on", "-id").first()
    if window is None:
        framework = Framework(title="Educator competencies")
        window = AssessmentWindow(
            framework=framework,
            title="Fall self-assessment",
            closes_on=timezone.localdate() + datetime.timedelta(7),
        )
    return render_email(
        "assessments/email/window_reminder",
        window_reminder_context(window, name=viewer.first_name or viewer.email),
        subject=f"Reminder: {window.title} closes on {window.closes_on:%B %-d}",
    )
