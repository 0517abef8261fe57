"""The school dashboard: what a principal tracks for their school, and the page the central
office drills down to from the district dashboard.

`school_dashboard(actor=, school_id=)` gathers, in a fixed number of queries whatever the
school's size (every figure is a SQL aggregate):

- the school's figures row (dashboards.figures) and its monthly trend (the snapshots,
  ending on that same row as of the dashboard's date);
- its school goals with health, values and progress points (school goals are not private);
- the staff's growth by domain of the educators framework: for everyone who submitted at
  least two rounds, their previous round against their latest (growth since last time,
  which is comparable between people however long they have worked here), beside the mean
  level of everyone's latest round;
- check-ins among the staff (due this week, overdue, answered on time), feedback awaiting
  acknowledgement, and coaching activity, as counts.

Who sees what. The dashboard is `dashboard.school`: school leaders for the schools they
currently lead, the central office and district administrators for any school; anyone else
is refused (403) and a school out of reach is missing (404). Counts about people's own
records are suppressed when one to four people stand behind them (zero is shown: it
describes nobody). Names appear in one place only: the viewer's own current supervisees
at the school with overdue check-ins, the same check-ins `coaching.checkins.
check_in_list_for_actor` lets a supervisor read (and that the escalation job tells them
about), each read written to the audit log. So a principal sees their teachers' names and
the central office sees none, unless they supervise someone there (a principal
supervisor and their principal). The feedback listed is the feedback the viewer gave,
read through the coaching firewall; everyone else's is only counted.

`selectors.py` holds the reads that take the viewer (`school_dashboard`, `school_summary`,
who may open which school, the goals, the viewer's supervisees and feedback); two
computation modules hold the school-wide aggregates it adds once the school is allowed:
`growth.py` (the staff's growth by domain) and `activity.py` (check-in, feedback and
coaching counts). `views.py` is the page and its CSV downloads, `api.py` and
`serializers.py` the same dashboard as JSON.
"""
