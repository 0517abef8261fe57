"""Assessment windows: the central office asks people to assess themselves on an adopted
framework between two dates, and follows completion.

- A window asks everyone with a current membership in one of its roles (at one of its
  schools, when it names schools). Only the central office and district administrators
  open windows (`window.manage`); the others see the windows that ask them, and a
  principal every window that covers their school.
- Completion is counted per school in SQL; a school with fewer than five people in scope
  shows no numbers. Principals follow their own schools only (`window.completion`).
- Reminders go out before a window closes, on the days it names, each exactly once per
  person and reminder point, however often the job runs; a missed day is caught up, a
  failed send is tried again on the next run.
"""
