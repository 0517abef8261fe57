"""Self-assessment: a person rates themselves, indicator by indicator, on a framework.

- A round is one person's, on one adopted framework meant for their audience (leaders:
  school leaders, the central office, district administrators; educators: teachers and
  coaches). There is never more than one draft per person and framework.
- A draft is saved any number of times (the form autosaves one rating at a time): each
  indicator at a level of the framework's scale, or "not yet applicable" with a reason.
- Submitting needs every live indicator answered; a submitted round is locked, and the next
  round is a new self-assessment. Only the owner changes a round, and chooses up to three
  focus competencies from a submitted round's results.
- Who reads a round: its owner; the people who supervise them, and who coach them in a
  cycle not yet closed (submitted rounds only); district administrators. Reading someone
  else's round, or listing it, is written to the audit log.
- The central office sees results across schools only in aggregate, groups of fewer than
  five people suppressed (`self_assessment.aggregate`).

`grid.py` is the rubric form's read, `results.py` a submitted round's results (profile,
strengths, growth areas, growth since the previous round) and `aggregates.py` the central
office's summary by school; each reads in a fixed number of queries.
"""
