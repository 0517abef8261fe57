from . import devservices  # noqa: F401 - must run before base reads the environment
from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SITE_PORT = env("SITE_PORT", default="8000")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Email goes to a folder: each message as an .eml file and its HTML part as an .html file
# (core/mail_folder.py). Set EMAIL_BACKEND to the SMTP backend to use a local mail catcher.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="core.mail_folder.FolderEmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / ".run" / "mail"))
# Development receivers listen on 127.0.0.1 (docs/integrations/webhooks.md).
WEBHOOKS_ALLOW_PRIVATE_URLS = env.bool("WEBHOOKS_ALLOW_PRIVATE_URLS", default=True)
# Single sign-on against a provider on this machine (docs/integrations/sso.md, "Demo").
SSO_ALLOW_LOOPBACK_ISSUER = env.bool("SSO_ALLOW_LOOPBACK_ISSUER", default=True)
