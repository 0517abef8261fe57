"""Writes about coaching cycles, a module per part: `lifecycle.py` (cycles and their notes),
`observations.py` (observations, evidence and attachments) and `feedback.py` (feedback, its
acknowledgement and sharing with a supervisor), over the helpers in `common.py`."""
