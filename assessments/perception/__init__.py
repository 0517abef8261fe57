"""Staff perception of a leader (espoused versus lived culture).

Responses are anonymous by construction: a response row has no person, and the separate
invitation row records only that someone answered. The report appears only once at least
five staff have answered, and shows means, never single answers.

- A school leader asks the school's current staff (teachers, coaches, other leaders; not
  themselves) to rate them on an adopted leadership framework; each answers once, while
  the survey is open, and the leader may close it early.
- The surveys one sees: one's own, the ones one is asked to answer, one's supervisees';
  the central office and administrators see all (`perception.view_any`). The report is for
  the leader, their supervisors and those who see all; the leader's own ratings beside the
  staff's only for the leader and, audited, their supervisors.
"""
