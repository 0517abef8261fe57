"""Months of activity for the schools that `seed_demo --scale` adds, written with COPY.

A district at benchmark scale needs more than people: fifteen months of self-assessment
rounds (two closed windows, the open one, and rounds between them), goals with their
check-ins, progress and health, coaching cycles with observations and feedback,
principals' walkthroughs, micro-credential attempts with their reviews and credentials,
and pathway enrollments, so that every dashboard figure and every month of a trend has
data. Going through the services would take hours at this size; instead each table is
written in one COPY, with ids taken from the tables' own sequences.

Only the schools --scale adds (codes S0001, S0002, ...) get this activity; the spec's own
schools keep the hand-made demo data. Each school is generated from its own seeded random
stream, and a school whose staff already have a self-assessment is skipped, so running
again adds nothing and a larger --scale adds activity for its new schools only.

The rows keep the models' constraints and the rules the services apply: one draft per
person and framework, a check-in per period of a goal's or cycle's cadence (opened two
days before it falls due, overdue once the day has passed, escalated after the district's
days), at most one open attempt per micro-credential and no more attempts than the
district allows, a credential for every earned attempt and every completed pathway, goal
health by coaching.goals.health.goal_health, pathway completion by pathways.programs. No audit
entries or notifications are written: nobody did these things through the app.

The shares of people doing things (the constants at the top of each builder module) give,
at --scale 19, about 450,000 ratings, 135,000 check-ins and 23,000 micro-credential
submissions.

- `activity.py`: `seed_scale_activity`, the entry point: which schools, then one COPY per table;
- `facts.py`: what the district already holds (frameworks, windows, reviewers, catalog);
- `school.py`: `SchoolActivity`, one school's fifteen months, made of one builder per kind
  of activity (`self_assessments.py`, `goals.py` with the check-ins, `coaching.py`,
  `credentials.py` with the pathways), all drawing from the school's one random stream in
  a fixed order;
- `tables.py`: the rows of each table and their COPY; `draws.py`: random draws and schedules.
"""
