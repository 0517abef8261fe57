"""Signed webhooks (Standard Webhooks): endpoints a district registers, events written in
the transaction of the change they report (an outbox, `services.event_emit`), and their
delivery by Celery after commit, at least once, with back-off for more than a day.

`catalogue.py` lists the event types and which scope may read their private text;
`urlsafety.py` refuses URLs that would reach private addresses; `delivery.py` claims,
signs, sends and records one attempt. docs/integrations/webhooks.md is the receiver's guide.
"""
