"""Check-ins: the periodic dispatcher, answering one, and who may read them.

A check-in is owed for each period of an active goal's or an open coaching cycle's
cadence. The dispatcher (`check_in_dispatch`, run hourly in every district) opens the
current period's check-in a few days before it falls due, reminds the owner once when it
is due soon and once when it is overdue, and escalates it once to the coach or the
owner's supervisors when it stays overdue. Every one of those effects is a row guarded by
a unique constraint and inserted with INSERT ... ON CONFLICT DO NOTHING RETURNING, and
only the rows really inserted are notified, in the same transaction: running twice, two
workers at once, or a worker killed half-way all end with each effect exactly once.

Overdue is defined once, in `overdue.py` (a rule in Python and in SQL, and the selector of
the overdue check-ins a person follows up): every page that counts or lists overdue
check-ins reads it.

- `services.py`: the schedule (due dates from the anchor), the dispatcher and answering a
  check-in; `selectors.py`: the check-ins a person may read;
- `api.py` + `serializers.py` + `filters.py`: /api/v1/check-ins/; `views.py` + `forms.py` +
  `urls.py`: the check-in pages.
"""
