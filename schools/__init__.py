"""Schools, the people who work in them and who supervises whom.

At the app's root: schools, memberships (a person's role at a school, or at the central
office) and supervision links, with the district administrators' pages and the API.
`selectors.py` also answers, for every app, "my schools" (`member_school_ids`,
`led_school_ids`) and "my supervisees" (`supervisee_ids`, and `supervisor_ids` the other
way); `rules.py` holds the supervision relationships (`supervises`, a link that would loop
or looks upside down).

Areas: `policy/` (the district's own choices) and `roadmap/` (the vision and roadmap, and
each school's stage on it).
"""
