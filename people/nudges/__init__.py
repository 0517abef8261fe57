"""Nudges: "send a reminder" on the overdue lists.

- A nudge reminds a person of their overdue check-ins through the inbox
  (notifications.notify_many, kind `nudge`), one notification per person however many
  check-ins it names, and is recorded (notifications.Nudge, one row per check-in) and
  audited (`check_in.nudged`) in the same transaction.
- Only the check-ins the sender may read (`coaching.checkins.selectors.check_in_list_for_actor`)
  that are overdue on work still going on can be nudged; never one's own.
- Rate limit: a person is reminded of one check-in at most once in `WINDOW` (24 h),
  whoever sends it. The check-in rows are locked before the latest nudge is read, so two
  senders at the same moment cannot both remind.
"""
