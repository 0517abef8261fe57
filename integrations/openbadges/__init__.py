"""The Open Badges API 3.0 (1EdTech), as a resource server: a holder's wallet or any Open Badges
host pulls the credentials a person earned in the district, with the person's consent.

Rules:
- Per district, on the district's host: the apps, their grants and tokens live in the district's
  schema (django-oauth-toolkit's tables), so a token is unknown on another district's host.
- An app registers itself (RFC 7591, `POST /oauth/register/`, throttled per address); the
  holder consents on the district's own sign-in and consent pages (authorization code with
  PKCE, always); the app exchanges the code at `/oauth/token/` and then reads only what the
  token's scopes name (`credential.readonly`, `profile.readonly`), only about that holder.
- The holder sees every app they allowed on "Connected apps" and revokes it there: its tokens
  and codes are deleted at once. A deactivated person's tokens open nothing.
- Only the holder's valid (not revoked) credentials are served, signed (VC-JWT).
"""
