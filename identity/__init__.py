"""Single sign-on: the OpenID Connect identity providers a district signs its people in with."""
