"""Permission-matrix observers for credentials actions (see tests/pathways/observers.py)."""

OBSERVERS = {}
