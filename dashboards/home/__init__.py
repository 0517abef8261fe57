"""The personal home: the home page, `GET /api/v1/dashboards/me/` and the navigation.

The home page's reads: what a person needs about themselves, in one selector.

`my_dashboard(actor=...)` gathers the actor's own records only (nobody else's individual
data; the principal's school figures come from `dashboards.school`, in aggregate):

- `about`: current memberships, their schools, open supervision links (who the actor
  reports to and supervises), as the home page always showed.
- `growth` (anyone with a role): focus competencies of the latest submitted
  self-assessment, active personal goals with their health, the next check-in owed (the
  earliest due among open and overdue ones: both still wait for an answer), progress on
  active pathways, the top three recommendations, the latest feedback received (the
  recipient is a party, so the coaching firewall always shows it) and open
  micro-credential work, plus `next_steps` in words built from those.
- `coaching` (anyone who may lead coaching and either holds the coach role or coaches an
  open cycle): the coaching workspace in figures (the same definitions as
  `coaching.cycles.selectors.workspace.workspace_for`, counted in SQL instead of loaded).
- `leadership` (school leaders): their latest round on a leadership framework and the
  schools they lead (the page adds each school's summary from `dashboards.school`).
- `district` (central office and district administrators): where the district's
  dashboard, roadmap and leader pipeline are.

A fixed number of queries whatever the number of goals, check-ins, enrollments,
submissions or feedback: each list is one query, pathway progress four for any number of
enrollments, recommendations at most eleven (pathways.programs.recommendations). 24 for a teacher
with something in every section (tests/dashboards/home/test_me.py counts them).

`selectors/me.py` holds `my_dashboard` and its sections, but for the growth section,
`selectors/growth.py`; `views.py` is the home page (`home`, which adds a principal's school
summaries from `dashboards.school.selectors`), `api.py` and `serializers.py` the same as
JSON. `navigation.py` is the menu every page shows: the one place that knows which app's
pages each role reaches (the `TEMPLATES` context processor `navigation`).
"""
