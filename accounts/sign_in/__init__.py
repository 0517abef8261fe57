"""Signing in with a password, and the limits on guessing (docs/security/sign-in.md).

- Every attempt is counted before the password (or second-factor code) is checked, in one
  atomic statement in PostgreSQL (`limits.py`), so parallel guesses cannot slip past a limit
  and an outage of Redis does not lift it.
- Three limits: failures of one account from one client, failures from one client whatever
  the accounts (password spraying), and failures of one account from every client. The last
  one never shuts the owner out: a browser they have signed in with before (`devices.py`)
  still may try, and completing a password reset by email clears it.
- A successful sign-in gives its attempts back to its client and clears its account's count
  for that client. Crossing a limit writes one `sign_in.limited` audit row per window.
- A person with a confirmed TOTP device (accounts/two_factor/) is signed in only once the
  code is right; a wrong code counts like a wrong password. Single sign-on (identity/) is
  the identity provider's business and is not asked for a code.
"""
