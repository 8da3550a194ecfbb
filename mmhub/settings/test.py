"""Settings for the test suite: fast hashing, no real secrets, SQLite unless DATABASE_URL is set."""

import os

from .base import *  # noqa: F403
from .base import LOG_FORMAT, logging_config

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tasks run where they are enqueued; tests of the workers switch to the database or RQ backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The RQ tests use their own Redis database, emptied before each of them.
RQ_QUEUES = {"default": {"URL": os.getenv("TEST_RQ_REDIS_URL", "redis://127.0.0.1:6379/15")}}
# Warnings and errors only, no access lines: what a test logs at INFO is its own business (tests
# of the logs attach their own handler), and a third-party INFO line (the test SMTP server's)
# must not pass for something the application logged.
LOGGING = logging_config(LOG_FORMAT, os.getenv("LOG_LEVEL", "WARNING"), access_log_enabled=False)
