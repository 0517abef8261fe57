"""Writes of reviewing, one module per part: `assignment` (in turn, second and deciding
reviews, the reviewer pool), `scoring` (completing a review and deciding the submission),
`reminders` (reviews past the district's target)."""
