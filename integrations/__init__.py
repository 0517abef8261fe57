"""Integration clients: OAuth 2.0 client credentials with scopes, for the systems a district connects."""
