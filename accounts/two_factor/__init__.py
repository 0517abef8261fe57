"""A second factor for signing in: TOTP (RFC 6238) codes from an authenticator app, through
django-otp's TOTPDevice (docs/security/sign-in.md).

- Required of platform operators on the public host's admin (accounts/admin_site.py), who
  enrol with `manage.py operator_totp`; offered to district administrators
  (`two_factor.enrol`), who enrol on their own page: a QR code drawn here as SVG (`qr.py`),
  confirmed with a first code, removable with a current code.
- Once a person has a confirmed device, their password sign-in asks for a code; a wrong code
  counts against the same sign-in limits as a wrong password (accounts/sign_in/).
"""
