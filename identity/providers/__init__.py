"""The district's identity providers (OpenID Connect) and its sign-in policy.

- Only "identity_provider.manage" (district administrators) lists, reads, adds, changes and
  removes providers and changes the policy, on the page `/integrations/identity/` and in the
  API `/api/v1/identity-providers/` and `/api/v1/sign-in-policy/`.
- A provider: its kind (Google Workspace, Microsoft Entra ID, Clever, ClassLink, any OpenID
  Connect provider), the button's name, the issuer (a default per kind; Entra's needs the
  tenant), client id and secret, the email domains it may vouch for (at least one), an
  optional claim carrying the OneRoster sourcedId, enabled or not. `slug` names it in the
  redirect URI and never changes. The secret is write-only: no answer, page or audit row
  carries it (`client_secret_set` says one is stored).
- The issuer is https on a public name; plain http on a loopback address only where
  settings.SSO_ALLOW_LOOPBACK_ISSUER is on (development, tests): Lodestar fetches the
  issuer's discovery document itself, so it must not be pointed at the server's own ports.
- Requiring single sign-on needs an enabled provider and at least one break-glass
  administrator (a current district administrator), so that nobody locks the district out.
"""
