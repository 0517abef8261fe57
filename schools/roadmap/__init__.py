"""The district's vision and roadmap.

The roadmap has one phase per implementation stage — get started (`getting_started`),
move forward (`moving_forward`), sustain (`sustaining`) — so a school's stage is where it
stands on the roadmap. Everyone with a role in the district reads the vision and roadmap
(matrix row "district.member"); district administrators ("roadmap.manage") write them,
and place schools on it (`school_stage_set`) without needing to manage schools. Rules the
services enforce:

- A stage has at most one phase (a 400 on `stage`); a phase cannot end before it starts
  (a 400 on `ends_on`).
- A milestone's due date falls within its phase's dates, as far as the phase has dates (an
  open start or end does not bound it): a 400 on `due_on`. Moving a phase's dates so that
  one of its milestones would fall outside them is refused (a 400 on `starts_on` or
  `ends_on` saying how many milestones are in the way), so the rule holds afterwards too.
- A milestone is marked done by giving `done_on`, which cannot be in the future; clearing
  it reopens the milestone.
- Everything is audited in the same transaction.

Reads (`selectors.py`) list the phases and milestones in the stages' order, whatever their
dates; `roadmap_overview` is the whole roadmap in four queries (the page, the API's
`/api/v1/roadmap/` and the district dashboard show it).
"""
