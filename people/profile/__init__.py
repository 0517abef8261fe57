"""The person page: one person as the viewer may see them.

Its parts, each read through its own app's selector with `actor=viewer` (so each follows
that app's rules, including "a coach's access ends when the cycle closes"):
roles (schools), supervision (schools), personal goals with health
(coaching.goals), submitted self-assessments (assessments), check-ins
(coaching.checkins), coaching cycles and the observations and feedback the viewer may see
in them (coaching.cycles.selectors), credentials and pathway enrollments (pathways).

Reads of someone else's private records are audited as the lists of their apps audit
them: goals (`goal.listed`), self-assessments (`self_assessment.listed`), check-ins
(`check_in.listed`), cycles, observations and feedback (the firewall's `*.listed`).
Each part shows its latest `ROWS` rows, in a fixed number of queries.
"""
