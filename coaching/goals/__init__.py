"""SMART goals: personal goals and school goals, their approval, progress and milestones.

A personal goal belongs to the person who writes it. A school goal belongs to one of the
school's leaders and is written by them (or by a district administrator for them). Goals
move draft → active → met, missed or withdrawn; where the district asks for it, a current
supervisor of the owner approves a goal before it becomes active. Health is recomputed by
`health.py` whenever progress or a check-in changes, in the same transaction; the hourly
check-in job recomputes only goals whose check-ins it changed and those whose line reaches,
that day, the point where their health moves (`Goal.health_recheck_on`).

- `rules.py`: who may do what with a goal (relationships: editing, managing a school's
  goals, deciding on a goal awaiting approval, opening a school's goals page) and the rules
  a goal keeps (validation);
- `services.py`: the writes; `selectors.py`: the reads, each scoped by the actor;
- `health.py`: a computation module, neither a read nor a write of its own: goal health
  against the straight line from baseline to target, the line every chart draws;
- `api.py` + `serializers.py` + `filters.py`: /api/v1/goals/; `views.py` + `forms.py` +
  `urls.py`: the goal pages.
"""
