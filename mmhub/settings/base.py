"""Settings shared by every environment; each knob is read from the environment here, once."""

import os
from pathlib import Path

import dj_database_url

from mmhub.observability import logging_config

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def envbool(name, default):
    return os.getenv(name, default).lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.getenv(name, default))


def envlist(name, default=""):
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


SECRET_KEY = os.getenv("SECRET_KEY", "dev-only-insecure-key-change-me")
# Rotating the key: the old one here (comma-separated) keeps signed cookies, sessions and feed
# and API tokens valid until they are re-signed with the new one.
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS")
DEBUG = envbool("DEBUG", "false")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "mmhub.gate",
    "mmhub.privacy",
    "mmhub.accounts",
    "mmhub.content",
    "mmhub.evidence",
    "mmhub.personal",
    "mmhub.polls",
    "mmhub.newsletter",
    "mmhub.translation",
    "mmhub.search",
    "mmhub.api",
    "mmhub.ops",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "django_countries",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "anymail",
    "csp",
]

MIDDLEWARE = [
    "mmhub.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "mmhub.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag from the response's content (forms' masked CSRF tokens aside) and 304 for a
    # matching If-None-Match (GET only; never for no-store responses). Pages are private (see
    # the gate), so only the reader's own browser keeps them.
    "mmhub.conditional.FormSafeConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mmhub.gate.middleware.HcpGateMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "mmhub.urls"
CSRF_FAILURE_VIEW = "mmhub.views.csrf_failure"
WSGI_APPLICATION = "mmhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mmhub.content.context_processors.site_links",
                "mmhub.translation.context_processors.reader_language",
            ],
        },
    },
]

# SQLite when DATABASE_URL is unset: the demo needs no services; production sets PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker write to the same file: write-ahead logging lets readers
    # go on while one writes, and a commit costs no full disk sync (safe: a crash loses at most
    # the last commits, never consistency). Writers wait up to 20 s for each other, not 5.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Logs go to stderr (docs/deploy.md, "Logs"): LOG_FORMAT "text" for a terminal or "json" (one
# object per line, with the request id); LOG_REQUESTS writes one access line per request.
LOG_FORMAT = os.getenv("LOG_FORMAT", "text")
LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")
LOG_REQUESTS = envbool("LOG_REQUESTS", "true")
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL, LOG_REQUESTS)

REDIS_URL = os.getenv("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mmhub",
            # A Redis that stops answering costs a request a second, not a hung worker.
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": float(os.getenv("REDIS_CONNECT_TIMEOUT", "1")),
                "SOCKET_TIMEOUT": float(os.getenv("REDIS_TIMEOUT", "1")),
                # While Redis is away every read misses and every write is dropped: pages are
                # built from the database, sessions read from it (cached_db), rate limits do not
                # count. Readiness reports the cache as unavailable (mmhub.health).
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    # Django's cached_db sessions, read in the same round trip as the page's route (mmhub.sessions).
    SESSION_ENGINE = "mmhub.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Argon2 first: new passwords are hashed with it; older hashes are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Django's and allauth's backends, with signed-in users' rows kept in the shared cache
# (mmhub/accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "mmhub.accounts.backends.CachedModelBackend",
    "mmhub.accounts.backends.CachedAuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface is in these languages (catalogues in mmhub/locale); the URL says which one a page
# is in: English has no prefix, the others /es/, /fr/, /de/, /it/ (docs/operations.md, "Languages and translation").
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("it", "Italian"),
]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
FORMAT_MODULE_PATH = ["mmhub.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
# Content: Wagtail locales for the same languages. Editors translate pages with wagtail-localize;
# a published translation is the reviewed one, and readers get machine translation otherwise.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Console in development: the verification link is printed where `make demo` runs.
EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "MM Hub <no-reply@mmhub.example>")
SERVER_EMAIL = os.getenv("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")
# Email service providers through django-anymail (EMAIL_BACKEND=anymail.backends.<esp>.EmailBackend):
# the provider's keys go in ANYMAIL_* variables; the tracking webhooks (bounces, complaints) at
# /anymail/<esp>/tracking/ are protected by HTTP basic auth with ANYMAIL_WEBHOOK_SECRET ("user:pass").
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_") and value
}

# Machine translation for readers (see docs/operations.md, "Machine translation"): a provider the
# operator controls. MT_PROVIDER: libretranslate (self-hosted, the default), deepl, none, or the
# dotted path of a class with translate(fragments, source, target) and a name.
MT_PROVIDER = os.getenv("MT_PROVIDER", "libretranslate")
MT_URL = os.getenv("MT_URL", "http://127.0.0.1:5000")
MT_API_KEY = os.getenv("MT_API_KEY", "")
MT_TIMEOUT = float(os.getenv("MT_TIMEOUT", "10"))  # seconds for one batch request
MT_BATCH_SIZE = envint("MT_BATCH_SIZE", "50")  # segments per request
MT_DEEPL_URL = os.getenv("MT_DEEPL_URL", "")  # empty: DeepL's own API host for the key
# After a provider failure, readers get English at once for this long instead of each waiting for
# the timeout again.
MT_PAUSE_AFTER_FAILURE = envint("MT_PAUSE_AFTER_FAILURE", "60")
# Editors' "Machine translate" button in wagtail-localize uses the same provider and glossary.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "mmhub.translation.localize.ProviderTranslator"}

# Newsletter digests (see docs/operations.md, "Newsletter").
NEWSLETTER_FROM_EMAIL = os.getenv("NEWSLETTER_FROM_EMAIL", "")  # empty: DEFAULT_FROM_EMAIL
# The mailto of List-Unsubscribe; empty: unsubscribe@<the sender's domain>.
NEWSLETTER_UNSUBSCRIBE_MAILTO = os.getenv("NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
NEWSLETTER_POSTAL_ADDRESS = os.getenv("NEWSLETTER_POSTAL_ADDRESS", "")
NEWSLETTER_WEEKLY_DAY = envint("NEWSLETTER_WEEKLY_DAY", "2")  # ISO weekday: 1 Monday ... 7 Sunday
NEWSLETTER_SEND_HOUR = envint("NEWSLETTER_SEND_HOUR", "7")  # in TIME_ZONE; monthly on the 1st
NEWSLETTER_BATCH_SIZE = envint("NEWSLETTER_BATCH_SIZE", "200")
NEWSLETTER_MAX_ATTEMPTS = envint("NEWSLETTER_MAX_ATTEMPTS", "6")
NEWSLETTER_RETRY_BASE_SECONDS = envint("NEWSLETTER_RETRY_BASE_SECONDS", "300")
# A digest still being handed over after this long had its worker die; it is not resent.
NEWSLETTER_SENDING_LEASE = envint("NEWSLETTER_SENDING_LEASE", "900")

# Accounts (django-allauth): email and password only, a verified address before any sign-in.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MM Hub] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_ADAPTER = "mmhub.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "mmhub.accounts.forms.HcpSignupForm",
    "login": "mmhub.accounts.forms.HcpLoginForm",
    "change_password": "mmhub.accounts.forms.HcpChangePasswordForm",
    "reset_password": "mmhub.accounts.forms.HcpResetPasswordForm",
    "reset_password_from_key": "mmhub.accounts.forms.HcpResetPasswordKeyForm",
}
ACCOUNT_USER_DISPLAY = "mmhub.accounts.adapter.user_display"
# Counted in the cache (Redis in production, so every web node shares the counts).
# After 5 failed logins for one address in 15 minutes, that address is locked for the rest of
# the window, whatever the password; an IP address gets 20 failures a minute.
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.getenv("RATE_LIMIT_LOGIN_FAILED", "20/m/ip,5/15m/key"),
    "login": os.getenv("RATE_LIMIT_LOGIN", "30/m/ip"),
    "signup": os.getenv("RATE_LIMIT_SIGNUP", "10/h/ip"),
    "reset_password": os.getenv("RATE_LIMIT_RESET_PASSWORD", "10/h/ip,3/h/key"),
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    "reauthenticate": "10/m/user",
    # Votes in polls: per client IP, and per account or visitor session (the key).
    "poll_vote": os.getenv("RATE_LIMIT_POLL_VOTE", "60/m/ip,10/m/key"),
    # Newsletter sign-ups: per client IP, and per email address (the key).
    "newsletter_subscribe": os.getenv("RATE_LIMIT_SUBSCRIBE", "10/h/ip,3/h/key"),
}
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (rate limits count per client IP).
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
# Who is told when an HCP asks to be verified (comma-separated); the admin queue lists them anyway.
HCP_VERIFICATION_REVIEWERS = envlist("HCP_VERIFICATION_REVIEWERS")
# The Verifier that handles verification requests; a registry or DocCheck-style service can
# replace the manual review (see mmhub/accounts/verification.py).
HCP_VERIFIER = os.getenv("HCP_VERIFIER", "mmhub.accounts.verification.ManualVerifier")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "MM Hub"
WAGTAILADMIN_BASE_URL = os.getenv("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The search page lists at most this many results ("more than N" beyond). With the database
# backend on PostgreSQL or SQLite it is also the window of newest matches ranked by relevance, so
# a word most articles contain is not a ranking of every article (mmhub/search/backend.py).
# 0 ranks every match and lists them all.
SEARCH_MAX_RESULTS = envint("SEARCH_MAX_RESULTS", "500")
# Wagtail's database backend (SQLite FTS5, PostgreSQL full text) for the database in use.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "mmhub.search.backend", "RANK_WINDOW": SEARCH_MAX_RESULTS}
}
# The admin makes no calls to third parties: no Gravatar (it would send a hash of every editor's
# email address to gravatar.com) and no release check against wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Documents go through Django so the HCP gate applies to them too.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Background tasks: the django.tasks API (django-tasks backport) on one of three backends.
#   database  (default) tasks are rows in the database; `manage.py db_worker` runs them
#   rq        tasks go to Redis; `manage.py rqworker --job-class django_tasks_rq.Job default`
#             runs them, with as many workers on as many machines as needed (a task Redis does
#             not take runs in the process that queued it: mmhub.taskqueue)
#   immediate tasks run in the process that enqueues them (the test suite)
TASKS_BACKEND = os.getenv("TASKS_BACKEND", "database")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "mmhub.taskqueue.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ValueError(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}; got {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# The RQ queue lives in REDIS_URL's Redis unless RQ_REDIS_URL names another one.
RQ_QUEUES = {
    "default": {
        "URL": os.getenv("RQ_REDIS_URL", REDIS_URL or "redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": envint("RQ_DEFAULT_TIMEOUT", "900"),
    }
}

# Articles are served from page frames kept in the cache, with each reader's parts filled in
# (mmhub/content/frames.py); false renders every page in full (for comparing, or diagnosing).
PAGE_FRAMES = envbool("PAGE_FRAMES", "true")

# A signed-in reader's visit to an article counts once per this many seconds (a reload or a
# return from another tab within it writes nothing); 0 counts every request.
PERSONAL_READ_INTERVAL = envint("PERSONAL_READ_INTERVAL", "300")

# Recommendations: "tfidf" (default) or "minilm" (needs the `semantic` extra; docs/recommendations.md)
RECOMMENDER_ENCODER = os.environ.get("RECOMMENDER_ENCODER", "tfidf")

# Read API (docs/api.md): requests per personal API token, counted in the cache; "600/10m" is
# 600 requests per 10 minutes (window in s, m, h or d).
API_RATE_LIMIT = os.getenv("API_RATE_LIMIT", "600/10m")

# HCP gate
GATE_COOKIE_NAME = "mmhub_hcp"
GATE_COOKIE_MAX_AGE = envint("GATE_COOKIE_MAX_AGE", str(365 * 24 * 3600))
GATE_COOKIE_SECURE = envbool("GATE_COOKIE_SECURE", "false")
# Path prefixes that never show the gate. Gate pages, health and robots are added by the app.
# The newsletter's email links (confirm, manage, unsubscribe) must work from any mail client.
GATE_EXEMPT_PREFIXES = [
    STATIC_URL,
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/favicon.ico",
    "/newsletter/confirm/",
    "/newsletter/manage/",
    "/newsletter/unsubscribe/",
    "/anymail/",  # the email provider's webhooks (bounces, complaints, inbound unsubscribes)
    "/feeds/",  # opened by a personal feed token instead (mmhub.content.feeds)
    "/api/v1/",  # opened by a personal API token instead (mmhub.api)
]

# Permissions-Policy (mmhub.security): browser features no page of the site uses, switched off
# for the page and anything it embeds. Feature names Chromium does not know would be logged as
# console errors on every page, so only current ones are listed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Content-Security-Policy: no inline scripts anywhere on the public site. The Wagtail admin
# ships inline scripts of its own and has its own authentication, so it is excluded.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
