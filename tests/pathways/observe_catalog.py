"""Permission-matrix observers for catalog actions (see tests/pathways/observers.py)."""

OBSERVERS = {}
