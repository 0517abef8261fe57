"""Submissions: attempts at a micro-credential, their answers and evidence, and who reads them.

Lifecycle: (no row = not started) → in_progress (answers autosaved as drafts, even ones not
yet valid, so nothing typed is lost) → submitted (no reviewer free yet) / in_review →
earned | not_yet. After "not yet" the person revises and resubmits as a new attempt linked
to the earlier one, with the answers (and copies of the files) carried forward, up to the
district's `credential_max_attempts` across the micro-credential's lineage.

Errors about answers name the requirement by its position (1-indexed, as shown to people):
`answers[2].url` is the link answering the second requirement, `answers[3].file` the file
answering the third, `answers[1].text` the written response to the first.

Who reads a submission: its owner; a reviewer with a review on it; district
administrators (`submission.view_any`), each such read written to the audit log. Under
blind review the reviewer reads it blinded: the selectors hand pages and the API a
submission without the person (`hide_person`) and evidence files under neutral names
(`evidence-2.pdf`), so nothing shown names or places the person.

`rules.py` holds who may do what and the rules an answer keeps, `services.py` the writes,
`selectors.py` the reads (each attempt shaped as the actor may see it); `api.py`,
`serializers.py`, `filters.py`, `views.py` and `urls.py` the API and the pages.
"""
