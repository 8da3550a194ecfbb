"""Production settings: secrets and hosts must come from the environment, cookies are secure."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOG_LEVEL, LOG_REQUESTS, envbool, envint, logging_config

DEBUG = False
if not os.getenv("SECRET_KEY"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
if not os.getenv("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) for production.")

# HTTPS_ONLY=false is for a production-like run on loopback over plain HTTP (`make serve`, the
# scale-out test and the page benchmark): cookies without Secure, no redirect to HTTPS, no HSTS.
# A site that readers reach must keep the default.
HTTPS_ONLY = envbool("HTTPS_ONLY", "true")
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
GATE_COOKIE_SECURE = HTTPS_ONLY
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS_ONLY and envbool("SECURE_SSL_REDIRECT", "true")
# Load balancers probe the web nodes directly over plain HTTP: health answers there too.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000") if HTTPS_ONLY else 0
# Only when every subdomain is served over HTTPS; preload is a commitment that is slow to undo.
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
# check --deploy asks for both; they are the operator's decision for the whole domain
# (docs/deploy.md), so while they are off the two reminders are silenced, not the rest.
SILENCED_SYSTEM_CHECKS = [
    check
    for check, chosen in (
        ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W021", SECURE_HSTS_PRELOAD),
    )
    if not chosen
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Connections are kept between requests. Checking one before each request's first query costs a
# round trip (`SELECT 1`) on every request; without the check, after a database restart each
# kept connection fails one request and is then replaced (docs/deploy.md).
DATABASES["default"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", "60")  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = envbool("DB_CONN_HEALTH_CHECKS", "false")  # noqa: F405

LOG_FORMAT = os.getenv("LOG_FORMAT", "json")
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL, LOG_REQUESTS)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

if os.getenv("OPENSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch2",
            "URLS": [os.environ["OPENSEARCH_URL"]],
            "INDEX": "mmhub",
        }
    }
