"""Reviewing micro-credential submissions: the reviewer pool, assignment in turn, scoring,
decisions, and reminders of reviews past the district's target.

Assignment is "in turn": the next review goes to the active reviewer who has waited
longest since their last assignment. The submitter never reviews their own work; with
blind review on, neither does anyone supervising them, and the reviewer sees neither the
name nor the school. A resubmission goes back to whoever reviewed the previous attempt
first, when they still can, so that the person hears from the reviewer who knows the work.

A share of submissions (chosen at submit, `Submission.needs_second_review`) also gets a
second, independent reviewer. The decision waits for both; when they disagree a district
administrator who is neither of them gives the deciding review. Neither of two independent
reviewers sees the other's scores before their own are in.

Blind review is fixed when a review is assigned (`Review.blind`). The selectors hand every
review out already blinded for the actor reading it (`hide_person`, the submitter and their
schools only where allowed, neutral evidence file names), so the pages, the API and the
templates show only what they are given; district administrators reading someone else's
review see who it is (audited).

`rules.py` holds who may review and who sees what, `services.py` the writes (assignment,
the pool, scoring and deciding, reminders), `selectors.py` the reads, `stats.py` each
reviewer's agreement rate and turnaround (one SQL aggregation); `api.py`, `serializers.py`,
`filters.py`, `views.py`, `forms.py` and `urls.py` the API and the pages.
"""
