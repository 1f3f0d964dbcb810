"""Settings for every environment, read from environment variables (documented in .env.example).

With nothing set, the portal runs locally on SQLite, runs tasks in-process and prints e-mail to the console.
DATABASE_URL and REDIS_URL switch to PostgreSQL and a real Celery worker; DEBUG=false is production.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from .beat import BEAT_SCHEDULE
from .env import env_bool, env_float, env_int, env_list, env_str, redis_url_other_database
from .sentry import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
# How the environment started the portal. The test runner turns DEBUG off in-process; this stays as set.
PRODUCTION = not DEBUG

_DEV_SECRET_KEY = "django-insecure-local-development-only"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

if not DEBUG:
    if SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DEBUG is off: set SECRET_KEY to a random value of at least 50 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DEBUG is off: set ALLOWED_HOSTS to the host names the portal answers to.")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "collaboration.apps.PortalAdminConfig",  # django.contrib.admin with the portal's admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    # The portal's apps, in the order their dependencies point.
    "collaboration",
    "steering",
    "events",
    "coordination",
    "reports",
]

MIDDLEWARE = [
    # First: every later log line carries the request id, and an oversized body is refused before anything
    # (CSRF, the upload handlers) reads it.
    "collaboration.shared.middleware.RequestIdMiddleware",
    "collaboration.shared.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "collaboration.shared.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "collaboration.shared.middleware.NullCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Inside authentication: sees the signed-in user and every response the views below return.
    "collaboration.shared.middleware.PrivateCacheMiddleware",
    "collaboration.shared.middleware.StaffSessionTimeoutMiddleware",
    "collaboration.shared.middleware.CoordinatorTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "malmoandan.urls"
WSGI_APPLICATION = "malmoandan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "collaboration.shared.context_processors.roles",
                "collaboration.shared.context_processors.fragments",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL from DATABASE_URL. Persistent connections matter: without them a
# PostgreSQL page costs three times as much on these machines.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 600), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # IMMEDIATE takes the write lock at BEGIN, so check-then-insert (seats, rooms, votes) is serialised.
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
            "CONN_MAX_AGE": 600,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: REDIS_URL is the cache every web process shares (allauth's login rate limits, sessions, roles). The Celery broker lives in another database of the same server (CELERY_BROKER_URL, by default the
# next database number), so clearing the cache never drops queued tasks.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # Never a hard dependency: unreachable, it is a miss and a dropped write, logged (malmoandan/cache.py); the
    # short timeouts keep a blackholed server from holding up a request.
    CACHES = {
        "default": {
            "BACKEND": "malmoandan.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered template fragments ({% cache %} uses this alias) stay in each process's own memory: their keys carry
# the versions of the data they show, which the database's triggers keep (collaboration/shared/fragments.py), so a copy is
# never stale; reading one costs no network round trip, and a restart (a new release) starts afresh.
CACHES["template_fragments"] = {
    "BACKEND": "malmoandan.cache.BoundedLocMemCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": 2000, "MAX_BYTES": 32 * 1024 * 1024},  # per web process
}
# Signed-in pages read the session from the shared cache (one query less per request) and write it through to
# the database. Only with Redis: a process-local cache would keep a signed-out session alive in the others.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)

AUTH_USER_MODEL = "collaboration.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "collaboration.shared.passwords.SiteAndPersonWordsValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail login, mandatory verification, rate-limited failures (the admin login goes through
# allauth too, see malmoandan/urls.py), TOTP for everyone and required for coordinators (collaboration.shared.admin_site).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "collaboration.forms.accounts.SignupNameForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Malmöandan] "
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "collaboration.shared.adapter.AccountAdapter"
# Failed logins are counted per address and per account *at that address* (collaboration/shared/adapter.py), so an
# attacker elsewhere never locks the owner out; the account-wide ceiling is generous and, when reached, tells
# the owner by e-mail that the one-time login code still lets them in.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "20/m/ip,5/5m/key"),
    "login_failed_account": env_str("LOGIN_FAILED_ACCOUNT_RATE_LIMIT", "100/h/key"),
    # Login codes: per address, and per account at an address (collaboration.forms.login_codes), so no one can
    # use up the owner's code requests from elsewhere; one address mails one account at most 10 codes an hour.
    "request_login_code": "20/m/ip,3/m/key,10/h/key",
}
ACCOUNT_FORMS = {"request_login_code": "collaboration.forms.login_codes.RequestLoginCodeForm"}
# "Send me a login code": a one-time code by e-mail instead of the password (two-factor still follows).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 300
# The client address is the one the trusted proxies saw: the N-th entry from the right of X-Forwarded-For
# (0: no proxy, the connecting address). Login limits per address depend on it.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Malmöandan"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Internationalisation: Swedish first, English selectable.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live outside the static root and are served only through views that check access.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
# The largest request body accepted at all (an upload plus its form), refused with 413 before it is read
# (collaboration.shared.middleware.RequestBodyLimitMiddleware). The proxy's client_max_body_size matches it.
MAX_REQUEST_BODY_SIZE = env_int("MAX_REQUEST_BODY_SIZE", MAX_UPLOAD_SIZE + 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# collectstatic compresses every file twice (gzip, brotli), hashed and plain. Source maps (a third of the bytes)
# are fetched only by a developer's tools: compressing them cost most of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Files asked for at the site's root by browsers and other clients whatever the page says (/favicon.ico).
WHITENOISE_ROOT = BASE_DIR / "webroot"

# E-mail: every message is queued for a Celery task after the transaction commits (collaboration/shared/mail.py); the
# task sends it through SMTP when an SMTP host is configured, otherwise prints it to the console.
EMAIL_BACKEND = "collaboration.shared.mail.CeleryEmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    # Printed as read: subject decoded, body as text (Django's console backend prints the wire format).
    EMAIL_DELIVERY_BACKEND = "collaboration.shared.mail.ReadableConsoleEmailBackend"
# Seconds a worker waits for the SMTP server before the send counts as failed and is retried.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Malmöandan <noreply@malmoandan.se>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: a real worker on Redis when a broker is configured (CELERY_BROKER_URL, or REDIS_URL's server with
# the next database number), otherwise tasks run in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or (
    redis_url_other_database(REDIS_URL) if REDIS_URL else "memory://localhost/"
)
if REDIS_URL and CELERY_BROKER_URL.rstrip("/") == REDIS_URL.rstrip("/"):
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL and REDIS_URL name the same Redis database: clearing the cache would drop queued "
        "tasks. Give the broker its own database number."
    )
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL.startswith("memory://")
# The worker logs through LOGGING below (time, level, logger, request id) instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task's hard limit stays below the visibility timeout, so Redis never hands a running task to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE  # malmoandan/beat.py is the one place the schedule lives

# Security. Production values are the defaults whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 14 * 24 * 3600
STAFF_SESSION_IDLE_SECONDS = 30 * 60
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# No page uses any of these browser features; an injected script or a framed page cannot ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# One line per record on stderr: time, level, logger, the request's id (collaboration.shared.logging_filters), message.
# A refused request (4xx) is logged without its traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "collaboration.shared.logging_filters.RequestIdLogFilter"},
        "client_errors_without_traceback": {
            "()": "collaboration.shared.logging_filters.ClientErrorWithoutTracebackFilter"
        },
    },
    "formatters": {
        "portal": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "portal",
            "filters": ["request_id", "client_errors_without_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default configuration gives "django" its own console handler when DEBUG and lets the records
        # propagate to the root as well: every line twice. Here they reach the console once, through the root.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs each rendering step (and its stylesheets at import) at INFO.
        "weasyprint": {"level": "WARNING"},
        # Tasks run in-process without a broker: a line per task would only clutter the console.
        **({"celery.app.trace": {"level": "WARNING"}} if CELERY_TASK_ALWAYS_EAGER else {}),
    },
}

# Error tracking: Sentry's SDK when SENTRY_DSN is set, nothing at all otherwise. No personal data is sent.
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    init_sentry(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production" if not DEBUG else "development"),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
    )

# How long sign-ups of people without an account keep their personal data after the event (privacy notice).
GUEST_DATA_RETENTION_DAYS = env_int("GUEST_DATA_RETENTION_DAYS", 365)
