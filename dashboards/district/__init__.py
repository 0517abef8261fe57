"""The central office's district dashboard: every school's figures in one table, the
levels heatmaps, the district's trend, reciprocal accountability, the leader pipeline and
the roadmap, assembled from the selectors that compute them.

The page, the API and the CSV downloads all read `district_dashboard()`, so they show the
same figures. The figures come from SQL (dashboards.figures: two queries for every
school's figures, four for the levels); filtering and sorting the resulting rows, one
per school, happens in `selectors.py`. The query count is fixed, whatever the district's
size.

`selectors.py` holds the reads (for the central office and district administrators only);
`accountability.py` is a computation over their rows (reciprocal accountability, no
queries); `views.py` and `forms.py` are the page and its CSV downloads, `api.py` and
`serializers.py` the same dashboard as JSON.
"""
