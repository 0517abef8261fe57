"""People (the `User` model, signing in by email) and their personal API tokens: one noun,
so its files sit at the app's root.

- Who sees whom is `selectors.person_list_for_actor` (the matrix's `person.view` scope);
  missing and invisible people are both a 404.
- Adding, changing, deactivating and reactivating people is for district administrators
  (`person.manage`); deactivating ends the person's memberships and supervision and revokes
  their tokens, and the district's last administrator cannot be deactivated.
- A token's secret is shown once and stored only as its SHA-256; a token cannot create
  another.
"""
