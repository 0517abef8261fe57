"""Settings shared by every environment, driven by environment variables.

Each environment module (local, test, production) imports everything from here and
changes only what that environment needs.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

from config.instance import instance_prefix

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="lodestar-development-only-secret-key")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", ".localhost", "127.0.0.1"])

# The public schema holds only the district registry and platform operators.
SHARED_APPS = [
    "district",
    "django_tenants",
    "accounts",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    # The operators' admin on the public host, which requires a second factor (accounts/admin_site.py).
    "accounts.admin_apps.OperatorAdminConfig",
    "django.contrib.staticfiles",
    # Content-Security-Policy header (docs/security/content-security-policy.md).
    "csp",
    # TOTP second factor (docs/security/sign-in.md): required of platform operators, offered to
    # district administrators; its tables live where the users are, so in TENANT_APPS too.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    # The demo seed: no models; shared, as it starts in public and creates districts (docs/tenancy.md).
    "demo",
]

# Every district schema holds these.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "schools",
    "assessments",
    "coaching",
    "notifications",
    "pathways",
    "dashboards",
    "people",
    "webhooks",
    "identity",
    "rostering",
    "integrations",
    # django-oauth-toolkit: integration clients and their tokens live in each district's schema.
    "oauth2_provider",
    # Single sign-on (identity/): django-allauth's OpenID Connect client. Its tables live in
    # each district's schema; the providers come from the district's own rows (identity.adapter).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "district.District"
TENANT_DOMAIN_MODEL = "district.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New districts are cloned from this schema, which `migrate_schemas` keeps migrated
# (see district/management/commands/migrate_schemas.py and docs/tenancy.md).
TENANT_BASE_SCHEMA = "district_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Spare district schemas cloned ahead of time (district/spares.py): creating a district
# renames one. The refill task keeps this many at the code's migration state.
DISTRICT_SPARE_SCHEMAS = env.int("DISTRICT_SPARE_SCHEMAS", default=3)
# Districts `migrate_schemas` migrates at once (processes), when some have migrations to apply.
DISTRICT_MIGRATE_WORKERS = env.int("DISTRICT_MIGRATE_WORKERS", default=2)
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Set the search path once per connection and tenant change, not before every query.
TENANT_LIMIT_SET_CALLS = True
# Provisioning reaches the district apps only through these functions, so that `district`
# (public) imports none of them (district/hooks.py, docs/tenancy.md).
DISTRICT_PROVISIONING_HOOKS = {
    # Called inside the template schema once `migrate_schemas` has migrated it: content
    # every new district is cloned with.
    "template_content": "assessments.frameworks.shipped.template_load_shipped_frameworks",
    # Called inside a new district's schema, in provisioning's transaction: its first person,
    # a district administrator. Returns the user.
    "first_admin": "schools.provisioning.first_admin_create",
    # The one-time path on a district's host where a person without a password sets one.
    "password_setup_path": "accounts.services.password_setup_link",
}

MIDDLEWARE = [
    # Health probes come from load balancers with any Host header, so they are answered
    # before the tenant is resolved (and before ALLOWED_HOSTS is consulted).
    "core.middleware.HealthCheckMiddleware",
    "django_tenants.middleware.main.TenantMainMiddleware",
    "district.middleware.DistrictNotReadyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Gives an API request's per-address slot back once it proved to be authenticated.
    "core.throttling.ThrottleSettlementMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.DistrictTimezoneMiddleware",
    "core.middleware.HtmxLoginRedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboards.home.navigation.navigation",
            ],
            # One date format per locale on every page (core/dates.py).
            "builtins": ["core.templatetags.dates"],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/lodestar")}
# django-tenants' backend, made safe behind a transaction-pooling PgBouncer (core/db/base.py).
DATABASES["default"]["ENGINE"] = "core.db"
# A connection is kept for a minute and reused by the requests its process serves (opening
# one per request cost 1.8-3.2x the throughput); its health is checked before each request
# reuses it, so a restarted server or pooler costs one reconnect, not an error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction mode (docs/operations.md, "PgBouncer and persistent
# connections"): the search path goes with every transaction instead of once per connection,
# and no server-side cursors (a cursor cannot outlive the transaction's server connection).
DATABASES["default"]["TRANSACTION_POOLING"] = env.bool("DATABASE_TRANSACTION_POOLING", default=False)
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"]["TRANSACTION_POOLING"]
if not DATABASES["default"]["TRANSACTION_POOLING"]:
    # PostgreSQL's JIT compiler spends more time compiling the dashboards' aggregate queries
    # (up to 1.5 s) than they take to run; it pays off only for long analytic queries.
    # PgBouncer refuses this start-up option: behind it, the pooler's connect_query sets it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
# Every copy of Lodestar keeps its Redis keys (cache, Celery queues and results) under its own
# prefix, so two copies sharing a Redis server never run each other's tasks (config/instance.py).
# Production may name it; all the processes of one copy must agree on it.
REDIS_KEY_PREFIX = env(
    "REDIS_KEY_PREFIX",
    default=instance_prefix(database_name=DATABASES["default"]["NAME"], checkout=BASE_DIR),
)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": REDIS_KEY_PREFIX,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        # One pool per process, shared with the rate limits and the health check (core/redis_pool.py).
        "OPTIONS": {"pool_class": "core.redis_pool.SharedConnectionPool"},
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
# Sign-in hooks a district app provides to `accounts` (which imports nothing above it), by
# dotted path, as DISTRICT_PROVISIONING_HOOKS: single sign-on's buttons on the sign-in page and
# its "this district signs in through its identity provider" refusal of the password form.
SIGN_IN_HOOKS = {
    # (request) -> list of {"name", "login_url"}: the district's identity providers.
    "providers": "identity.sign_in.selectors.sign_in_buttons",
    # (user) -> str | None: why this person may not sign in with a password, or None.
    "password_refusal": "identity.sign_in.rules.password_sign_in_refusal",
}

# Single sign-on through django-allauth (docs/integrations/sso.md). Providers are not in
# settings: identity.adapter builds them from the district's rows. allauth never creates an
# account: a person signs in only when the district already has them.
SOCIALACCOUNT_ADAPTER = "identity.adapter.DistrictSocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    # allauth's OpenID Connect provider, plus a nonce and an always-verified signature.
    "openid_connect": {
        "provider_class": "identity.oidc.DistrictOpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
    }
}
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
# An identity provider's issuer must be https on a public name; plain http on a loopback address
# (a provider on the developer's machine) only where this is on: local.py, and the tests.
SSO_ALLOW_LOOPBACK_ISSUER = env.bool("SSO_ALLOW_LOOPBACK_ISSUER", default=False)
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "core" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Files attached to observations: the largest accepted, in bytes (20 MB by default).
COACHING_ATTACHMENT_MAX_BYTES = env.int("COACHING_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Evidence files for micro-credentials (same types as coaching attachments).
PATHWAYS_EVIDENCE_MAX_BYTES = env.int("PATHWAYS_EVIDENCE_MAX_BYTES", default=50 * 1024 * 1024)

# Email: printed to the console in development, kept in memory in tests (test.py), sent by
# SMTP in production (production.py, which defaults to port 587 with TLS). The SMTP server
# is read here too, so `EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend` works in
# development against a local catcher. See docs/operations.md, "Email".
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Lodestar <no-reply@lodestar.localhost>")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# How links in emails and console output reach a district: scheme and port of the site.
SITE_SCHEME = env("SITE_SCHEME", default="http")
SITE_PORT = env("SITE_PORT", default="")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Counts every request per client address before any credential is checked, so bad
        # tokens are limited like anonymous requests (core/throttling.py).
        "core.throttling.AddressGate",
        # Integration clients' OAuth 2.0 access tokens (`ldc_...`); other tokens fall through.
        "integrations.authentication.ClientTokenAuthentication",
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    # JSON within limits (depth, valid Unicode): core/parsers.py.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_METADATA_CLASS": "core.api.Metadata",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Atomic counters in Redis per district (core/throttling.py, docs/security/throttling.md).
    "DEFAULT_THROTTLE_CLASSES": ["core.throttling.DistrictRateThrottle"],
}
# API limits when the district sets none of its own (District.api_rate_user / api_rate_anon):
# per person, and per client address for requests without valid credentials (and /oauth/token/).
API_RATE_ANON = env("API_RATE_ANON", default="60/minute")
API_RATE_USER = env("API_RATE_USER", default="600/minute")

# Integration clients: OAuth 2.0 client credentials (integrations/, docs/integrations/clients.md).
# The Application model is swapped for integrations.IntegrationClient (scopes, IP allow-list,
# revocation, its service user); every district's token endpoint is /oauth/token/.
OAUTH2_PROVIDER_APPLICATION_MODEL = "integrations.IntegrationClient"
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("INTEGRATION_TOKEN_SECONDS", default=15 * 60),
    "ACCESS_TOKEN_GENERATOR": "integrations.oauth.access_token_generator",
    "SCOPES_BACKEND_CLASS": "integrations.oauth.ClientScopes",
    # Only a checksum of each access token is stored, never the token itself (RFC 9700).
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    # The Open Badges API's holder apps (integrations/openbadges/): every authorization code
    # needs PKCE (S256), public and confidential apps alike. Redirects go to https, or to plain
    # http on the loopback address only (RFC 8252: an app on the holder's machine), which
    # registration enforces; the toolkit's own check needs both schemes for that.
    "PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    "ALLOWED_SCHEMES": ["https", "http"],
    # A holder's consent lasts until they revoke it on "Connected apps" or stay away this long.
    "REFRESH_TOKEN_EXPIRE_SECONDS": env.int("HOLDER_REFRESH_TOKEN_SECONDS", default=180 * 24 * 3600),
}

# Sign-in and password-reset limits (accounts/sign_in/, docs/security/sign-in.md), counted in
# PostgreSQL in the schema signed into (a district, or public for the operators). Every attempt
# is counted before the password is checked; a successful sign-in gives its own back.
# Failures of one account from one client (address, IPv6 per /64):
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
# Failures from one client, whatever the accounts (password spraying); a school behind one
# address signs many people in, but only failures count.
LOGIN_CLIENT_FAILURE_LIMIT = env.int("LOGIN_CLIENT_FAILURE_LIMIT", default=30)
# Failures of one account from every client; past it, only a browser the person has signed in
# with before may try, until the window ends or the person completes a password reset by email.
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=50)
LOGIN_FAILURE_WINDOW = env.int("LOGIN_FAILURE_WINDOW", default=15 * 60)
# How long a browser stays "one this person has signed in with" (the sign-in device cookie).
LOGIN_KNOWN_DEVICE_DAYS = env.int("LOGIN_KNOWN_DEVICE_DAYS", default=180)
PASSWORD_RESET_LIMIT = env.int("PASSWORD_RESET_LIMIT", default=5)
PASSWORD_RESET_WINDOW = env.int("PASSWORD_RESET_WINDOW", default=60 * 60)
# The issuer name authenticator apps show next to a TOTP entry.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Lodestar")
# The deployed code's version (e.g. the commit): the OpenAPI document is built once per version
# (core/openapi_cache.py). Unset, a digest of the code's Python files stands for it.
RELEASE = env("RELEASE", default="")
SPECTACULAR_SETTINGS = {
    "TITLE": "Lodestar API",
    "DESCRIPTION": (
        "Each district's API lives on the district's own host. Authenticate with a "
        "personal API token (`Authorization: Bearer <token>`) or a browser session. "
        'Every error answers `{"error": {"code", "message", "fields"}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    # The address gate (core/throttling.py) authenticates nobody: not a security scheme.
    "AUTHENTICATION_WHITELIST": [
        "integrations.authentication.ClientTokenAuthentication",
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "core.roles.Role",
        "NotificationKindEnum": "notifications.models.Kind",
        "DeliveryEnum": "notifications.models.Delivery",
        "CycleStatusEnum": "coaching.models.CycleStatus",
        "ObservationKindEnum": "coaching.models.ObservationKind",
        "CadenceEnum": "coaching.models.Cadence",
        "GoalKindEnum": "coaching.models.GoalKind",
        "GoalStatusEnum": "coaching.models.GoalStatus",
        "GoalHealthEnum": "coaching.models.GoalHealth",
        "SelfAssessmentStatusEnum": "assessments.models.SelfAssessmentStatus",
        "CatalogStatusEnum": "pathways.models.CatalogStatus",
        "RequirementKindEnum": "pathways.models.RequirementKind",
        "SubmissionStatusEnum": "pathways.models.SubmissionStatus",
        "ReviewRoleEnum": "pathways.models.ReviewRole",
        "ReviewDecisionEnum": "pathways.models.Decision",
        "CredentialKindEnum": "pathways.models.CredentialKind",
        "StepKindEnum": "pathways.models.StepKind",
        "EnrollmentStatusEnum": "pathways.models.EnrollmentStatus",
        "CredentialStatusEnum": [("valid", "valid"), ("revoked", "revoked")],
        "RosterImportStatusEnum": "rostering.models.ImportStatus",
        "IdentityProviderKindEnum": "identity.models.ProviderKind",
    },
}

SPECTACULAR_SETTINGS["DESCRIPTION"] += (
    " An integration client of the district authenticates with OAuth 2.0 client credentials "
    "(`POST /oauth/token/` on the district's host); each operation lists the scopes that open it."
)

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = {"global_keyprefix": f"{REDIS_KEY_PREFIX}:"}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"global_keyprefix": f"{REDIS_KEY_PREFIX}:"}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / ".run" / "celerybeat-schedule")
# One beat schedule, in code. Each entry is a dispatcher that fans out per district.
CELERY_BEAT_SCHEDULE = {
    "refill-spare-schemas": {
        # Each creation refills after commit; this catches a failed refill and a deploy's
        # discarded (stale) spares.
        "task": "district.tasks.refill_spare_schemas",
        "schedule": crontab(minute="*/10"),
    },
    "end-expired-memberships": {
        # Hourly, so that every district's local midnight is caught within the hour.
        "task": "schools.tasks.end_expired_memberships",
        "schedule": crontab(minute=5),
    },
    "remind-assessment-windows": {
        # Hourly too; each reminder is recorded once, so later runs that day send nothing.
        "task": "assessments.tasks.remind_windows",
        "schedule": crontab(minute=20),
    },
    "dispatch-check-ins": {
        # Hourly: what counts is each district's own date, which turns at its local midnight.
        # Runs after the first hour are cheap and change nothing (each effect is unique).
        "task": "coaching.tasks.dispatch_check_ins",
        "schedule": crontab(minute=15),
    },
    "review-upkeep": {
        # Hourly: assign submissions still waiting for a reviewer and remind reviewers of
        # reviews past the district's target; each reminder is a unique row, sent once.
        "task": "pathways.tasks.review_upkeep",
        "schedule": crontab(minute=25),
    },
    "sweep-notification-emails": {
        # Immediate emails go out after commit; this catches any a crash or a failed send left.
        "task": "notifications.tasks.sweep_notification_emails",
        "schedule": crontab(minute="*/10"),
    },
    "send-daily-digests": {
        # Hourly: each district's digests go once its local time has passed 07:00, once a day.
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(minute=35),
    },
    "take-dashboard-snapshots": {
        # Hourly: each district's snapshot of the day just ended is written by the first run
        # after its local midnight; later runs find the date taken (a unique row per date).
        "task": "dashboards.tasks.take_snapshots",
        "schedule": crontab(minute=45),
    },
    "send-weekly-digests": {
        # Hourly: Mondays after 07:00 local time, once a week per principal.
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(minute=40),
    },
    "purge-sign-in-counters": {
        # Hourly: counters whose window has ended count nothing; an attacker rotating
        # addresses would otherwise leave a row per address behind.
        "task": "accounts.tasks.purge_sign_in_counters",
        "schedule": crontab(minute=50),
    },
    "pull-rosters": {
        # Nightly: each district with an enabled OneRoster provider pulls and syncs its roster.
        "task": "rostering.tasks.pull_rosters",
        "schedule": crontab(hour=4, minute=10),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant_context": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {
        "tenant": {
            "format": "%(asctime)s %(levelname)s [%(schema_name)s:%(domain_url)s] %(name)s: %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["tenant_context"],
            "formatter": "tenant",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the cookie-free meta tag instead
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp; docs/security/content-security-policy.md). Every script
# and style is a file served from our own origin: no inline code, no eval, no third-party host.
# Views widen it only where they must (the sign-in page's forms go on to the district's
# identity providers; the email preview's frame shows an email's inline styles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": "/csp-report/",
    }
}

# Hosts that reach the public schema (the platform operators' admin).
PUBLIC_HOSTS = env.list("PUBLIC_HOSTS", default=["localhost", "127.0.0.1"])

# Webhooks (webhooks/, docs/integrations/webhooks.md). Private, loopback and link-local
# receivers are refused unless this development setting allows them.
WEBHOOKS_ALLOW_PRIVATE_URLS = env.bool("WEBHOOKS_ALLOW_PRIVATE_URLS", default=False)
WEBHOOKS_CONNECT_TIMEOUT = env.float("WEBHOOKS_CONNECT_TIMEOUT", default=3.0)
WEBHOOKS_READ_TIMEOUT = env.float("WEBHOOKS_READ_TIMEOUT", default=10.0)
# Longer than a request can take (connect + read timeouts): a live worker's claim never lapses.
WEBHOOKS_LEASE_SECONDS = env.int("WEBHOOKS_LEASE_SECONDS", default=60)
WEBHOOKS_RESPONSE_READ_BYTES = 4096
WEBHOOKS_DISABLE_AFTER = datetime.timedelta(hours=24)
# Called after commit with `endpoint_id` when an endpoint is disabled for failing: webhooks
# sits below notifications and cannot import it (the same device as the provisioning hooks).
WEBHOOKS_ENDPOINT_DISABLED_HOOK = "notifications.webhook_alerts.webhook_endpoint_disabled_notify"
CELERY_BEAT_SCHEDULE["sweep-webhook-deliveries"] = {
    # Every minute: retries whose back-off has passed, and deliveries a dead worker left.
    "task": "webhooks.tasks.sweep_deliveries",
    "schedule": crontab(minute="*"),
}
