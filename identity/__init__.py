"""Single sign-on: the OpenID Connect identity providers a district signs its people in with.

- `models.py`: `IdentityProvider` (one row per provider, in the district's schema; the client
  secret is write-only) and `SignInPolicy` (require single sign-on, break-glass administrators).
- `providers/`: the area district administrators manage them in (page `/integrations/identity/`,
  API `/api/v1/identity-providers/` and `/api/v1/sign-in-policy/`).
- `sign_in/`: who a provider may sign in (matching, refusals, audit) and the sign-in hooks the
  `accounts` app calls (settings.SIGN_IN_HOOKS).
- `adapter.py`, `oidc.py`, `oidc_urls.py`: django-allauth, which runs the protocol: its adapter
  builds allauth's apps from the district's rows; its provider with a nonce and an always
  verified signature; its login and callback routes under `/accounts/oidc/`.
docs/integrations/sso.md says how a district connects its provider.
"""
