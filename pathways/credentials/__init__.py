"""Credentials: awarding what was earned, revoking with a reason, and who sees which.

Awarding is never done by hand: a micro-credential is awarded when its review decides
"earned" (pathways/reviews/services/scoring.py, which also tells the person the decision),
a pathway when an enrollment completes (pathways/programs/services.py, which tells them it
is complete). Revoking is a district administrator's act (`credential.revoke`), always with
a reason the holder is told and the public verification page shows.

Who sees a credential through the API and pages: its holder, the holder's current
supervisors, and the roles with `credential.view_any` (central office, administrators).
Anyone, signed in or not, sees the public verification page of a credential whose
address they have: that is what the address is for (so `credential_get_public` and
`credential_check_token` take no actor). The evidence behind a credential is
read only by whoever may read the submission it belongs to (pathways/submissions/), blinded
for a blind reviewer.

`services.py` awards and revokes, `selectors.py` reads, `rules.py` says who revokes and who
downloads a whole record. Three computation modules sit beside them: `openbadges.py` (a
credential as an Open Badges 3.0 document, the issuer profile), `signing.py` (the district's
signing keys, VC-JWT signatures and their checks) and `archive.py` (a person's whole record
as a zip). `api.py`, `serializers.py`, `filters.py`, `views.py`, `forms.py` and `urls.py`
are the API and the pages.
"""
