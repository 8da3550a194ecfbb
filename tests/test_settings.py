"""The suite runs on the database DATABASE_URL names, so CI's PostgreSQL run really is PostgreSQL."""

import os

from django.conf import settings
from django.db import connection


def test_database_follows_database_url():
    url = os.getenv("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"

    assert connection.vendor == expected


def test_test_settings_never_use_a_production_secret():
    assert settings.SECRET_KEY.startswith("test-only")
    assert not settings.DEBUG
