"""Permission-matrix observers for programs actions (see tests/pathways/observers.py)."""

OBSERVERS = {}
