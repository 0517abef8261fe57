from . import devservices  # noqa: F401 - must run before base reads the environment
from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SITE_PORT = env("SITE_PORT", default="8000")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
