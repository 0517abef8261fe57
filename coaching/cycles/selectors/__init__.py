"""Reads about coaching cycles (the coaching firewall), a module per part: `cycles.py`
(cycles, their notes and timeline), `observations.py`, `feedback.py`, and `workspace.py`
(the coach's workspace and home: whom she may coach and what needs doing next), over the
audit helpers in `common.py`."""
