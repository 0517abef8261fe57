"""Permission-matrix observers for reviews actions (see tests/pathways/observers.py)."""

OBSERVERS = {}
