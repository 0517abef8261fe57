"""Schools, the people who work in them and who supervises whom.

At the app's root: the district's people directory (who sees whom: `person_list_for_actor`,
the matrix's `person.view` scope, missing and invisible both a 404; deactivating a person ends
their memberships and supervision and revokes their tokens, and the district's last
administrator cannot be deactivated), schools, memberships (a person's role at a school, or
at the central office) and supervision links, with the district administrators' pages and
the API.
`selectors.py` also answers, for every app, "my schools" (`member_school_ids`,
`led_school_ids`) and "my supervisees" (`supervisee_ids`, and `supervisor_ids` the other
way); `rules.py` holds the supervision relationships (`supervises`, a link that would loop
or looks upside down).

Areas: `policy/` (the district's own choices) and `roadmap/` (the vision and roadmap, and
each school's stage on it).
"""
