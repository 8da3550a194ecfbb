"""Production settings: secrets and hosts must come from the environment, cookies are secure."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import envbool, envint

DEBUG = False
if not os.getenv("SECRET_KEY"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
if not os.getenv("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) for production.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
GATE_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
# Only when every subdomain is served over HTTPS; preload is a commitment that is slow to undo.
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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
