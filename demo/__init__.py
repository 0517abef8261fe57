"""The demo: `seed_demo` and the builders of the demo districts' data.

A developer's and a presenter's tool, not part of the product: no model, no page, no task,
and nothing outside this app imports it (`manage.py seed_demo`, `make seed`, `bin/bench` and
the tests reach it). It is a SHARED app only so that Django finds its command
(docs/tenancy.md).

- `seed.py`: `seed_demo` itself, the platform operator and each district in turn;
- `districts.py`: the two demo districts and the builder of their schools and people
  (`--scale` adds schools);
- `assessments.py`, `coaching.py`, `pathways.py`: the hand-made activity of the spec's
  schools, written through the services as people would;
- `dashboards.py`: a year of history behind the dashboards' figures and trends, written
  directly with past dates (one builder, `_History`, one random stream: it stays one module);
- `scale/`: months of activity for the schools `--scale` adds, written with COPY.
"""
