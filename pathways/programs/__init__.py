"""Pathways: curation (steps, groups, prerequisites), enrollments, progress and completion,
recommendations, and the leader pipeline.

A pathway is a sequence of steps, each a micro-credential (any version of its lineage
counts) or a learning activity, with prerequisites between steps (never in a circle) and
groups where n of m steps suffice. District administrators curate pathways
(`catalog.manage`); everyone reads the published ones. A person enrols themselves; a
current supervisor enrols their supervisees; `enrollment.manage_any` anyone. One live
(active or completed) enrollment per pathway and person. When every step outside a group
is done and each group has its `required_count`, the enrollment completes, once, and the
pathway credential is issued (`enrollments_refresh`, also run when a review decides
"earned").

`services.py` holds the writes, `selectors.py` the reads (and the dicts pages and the API
show), `rules.py` who may enrol whom and the rules a plan keeps. Three computation modules
sit beside them: `progress.py` (progress for any number of enrollments in four queries),
`recommendations.py` (what to learn next, from a person's own ratings) and `pipeline.py`
(the leader pipeline, for `pipeline.view`). `api.py`, `serializers.py`, `filters.py`,
`views.py`, `forms.py` and `urls.py` are the API and the pages.
"""
