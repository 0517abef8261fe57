"""People as their supervisors, coaches and the central office meet them: the person page
(`profile/`) and the reminders sent about overdue work (`nudges/`).

Nothing here decides access. The person page gathers each part through the selector of
the app that owns it, with the viewer as the actor, so every part shows exactly what that
app's privacy rules already allow; nudges go only to records the sender may see.
"""
