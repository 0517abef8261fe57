from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SITE_PORT = env("SITE_PORT", default="8000")
