"""The micro-credential catalog.

District administrators (`catalog.manage`) curate it: they write drafts, set their
requirements (the ordered prompts and, for each, what passes), publish and retire them.
Only a draft can be edited. A published micro-credential is changed by making a new
version (a draft copy in the same lineage); publishing that version retires the one
before it, so a lineage has at most one published version and submissions keep pointing
at the version they answered. Everyone signed in browses what is published, reads the
scoring guide before starting, and sees where they stand on each micro-credential.

`services.py` holds the writes, `selectors.py` the reads (what each person may see,
filters, domains, the person's standing), `rules.py` who curates; `api.py`,
`serializers.py`, `views.py`, `forms.py` and `urls.py` the API and the pages.
"""
