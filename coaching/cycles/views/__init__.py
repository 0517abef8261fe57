"""Pages of coaching cycles, a module per part: `workspace.py` (the coach's workspace and
starting a cycle), `cycles.py` (a cycle and what is done from it), `observations.py` and
`feedback.py`."""
