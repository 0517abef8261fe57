"""Dashboards: the figures the district, its schools and each person see, and the one app
allowed to know every other app (it reads them all). Its areas: `district/` (the central
office's dashboard), `school/` (one school's dashboard) and `home/` (the personal home page,
`/api/v1/dashboards/me/` and the navigation). Shared by the areas at the root: `figures/`
(the one definition and computation of every figure), `snapshots.py` (nightly snapshots and
the trends drawn from them) and `charts.py` (the trend charts the pages draw)."""
