"""Micro-credentials and pathways, one folder per area: `catalog` (micro-credentials and
their versions), `submissions` (attempts, answers, evidence), `reviews` (the reviewer pool,
assignment, scoring, blind review), `credentials` (awarding, revoking, Open Badges, signing,
the whole record) and `programs` (pathways, enrollments, progress, recommendations, the
leader pipeline). Each area's `__init__.py` states its rules."""
