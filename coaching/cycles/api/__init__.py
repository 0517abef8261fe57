"""The cycle endpoints, a module per resource: `cycles.py` (/api/v1/coaching-cycles/),
`observations.py` (/api/v1/observations/) and `feedback.py` (/api/v1/feedback/), over
`common.py`."""
