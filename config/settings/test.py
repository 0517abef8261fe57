"""Test settings: only what makes tests fast and deterministic. Services stay real."""

import os
from urllib.parse import urlparse

from . import devservices  # noqa: F401 - must run before base reads the environment
from .base import *  # noqa: F403
from .base import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests use their own Redis database so a developer's cache and queues are untouched, and
# each parallel worker (pytest-xdist's gw0, gw1, ...) one below the last: a worker's
# cache.clear(), rate-limit counters and Celery queue never reach another's.
_test_redis = urlparse(env("TEST_REDIS_URL", default=urlparse(REDIS_URL)._replace(path="/15").geturl()))
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_redis_db = int(_test_redis.path.strip("/") or 0) - int(_worker.removeprefix("gw"))
REDIS_URL = _test_redis._replace(path=f"/{_redis_db}").geturl()
CACHES["default"]["LOCATION"] = REDIS_URL
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# Static files come straight from the app folders; no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None
WEBHOOKS_ALLOW_PRIVATE_URLS = True
# Every test client comes from 127.0.0.1 and Redis keeps counters across the tests'
# rollbacks: the default API limits stay out of the way; tests of the limits set their own.
API_RATE_ANON = "100000/minute"
API_RATE_USER = "100000/minute"

# No spare schemas by default: each district the tests create clones the template (the
# fallback), and the spare-pool tests fill the pool they need themselves.
DISTRICT_SPARE_SCHEMAS = 0
