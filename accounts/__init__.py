"""Accounts: the `User` model (signing in by email), adding and changing a person's own
record, and personal API tokens: one noun, so its files sit at the app's root.

- Adding, changing and reactivating people is for district administrators
  (`person.manage`). Who sees whom in the district, and deactivating (which ends a person's
  memberships and supervision), live in `schools`, which owns memberships: accounts sits
  below schools in the layers and never imports it.
- A token's secret is shown once and stored only as its SHA-256; a token cannot create
  another.
"""
