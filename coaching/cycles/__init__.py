"""Coaching cycles: a coach and a coachee, their notes, observations (with evidence and
attachments) and feedback, planned in stages planning → observing → feedback → reflecting
→ closed.

Everything recorded inside a cycle belongs to its coach and coachee; only the coachee
decides what their supervisor may see (`share_with_supervisor`). A closed cycle is final:
nothing in it changes any more.

The coaching firewall, every read of cycles and of what is recorded in them:
- Inside a cycle, notes, observations and feedback belong to its coach and coachee. A
  supervisor of the coachee who is not the coach sees the cycle's outline (coach, coachee,
  status, dates, focus) and exactly the records the coachee chose to share.
- Outside a cycle, an observation or piece of feedback is seen by its observer or author,
  the person observed or receiving it, and that person's current supervisors.
- The coach's access ends when the cycle closes (coaching/relations.py,
  `cycles_coached_now`): a closed cycle stays in its former coach's list in outline, and
  what was recorded in it is its coachee's. The coachee keeps everything.
- District administrators (`coaching.view_any`) see everything.

Every read by someone who is not a party is written to the audit log: the `*_get_for_actor`
selectors and `cycle_timeline` do it themselves; lists call `audit_listed` on the rows
they show. Nothing else in the code base reads these models for a person.

- `rules.py`: who sees what of a cycle (`is_party`, `sees_cycle_contents`) and when an
  observation may still change (`observation_edit_refusal`);
- `services/`: the writes (`lifecycle`, `observations`, `feedback`, over `common`);
- `selectors/`: the reads (`cycles`, `observations`, `feedback`, and `workspace`, the
  coach's workspace and home: whom she may coach, what needs doing next);
- `api/` + `serializers.py` + `filters.py`: /api/v1/coaching-cycles/, observations/ and
  feedback/; `views/` + `forms.py` + `urls.py`: the workspace, cycle, observation and
  feedback pages.
"""
