"""Signing in through a district's identity provider (single sign-on).

- The sign-in page shows the district's enabled providers as buttons (`selectors.sign_in_buttons`,
  through settings.SIGN_IN_HOOKS, as `accounts` imports nothing above it).
- allauth runs the OpenID Connect exchange (identity/oidc.py); identity/adapter.py then asks
  these rules, in order: the nonce came back; the email's domain is one the provider is
  allowed to vouch for; the person already exists in the district, matched by the provider's
  sourcedId claim (when configured and sent) or by a verified email; the person is active.
  Nobody is ever created. Each sign-in and each refusal is audited (`sso.signed_in`,
  `sso.refused`) with the provider, never with a token or a secret.
- When the district requires single sign-on (`SignInPolicy.require_sso`), the password form
  refuses everyone but the break-glass administrators (`rules.password_sign_in_refusal`);
  personal API tokens keep working.
"""
