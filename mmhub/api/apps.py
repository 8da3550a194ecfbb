"""The versioned, read-only JSON API for account holders (mounted at /api/v1/)."""

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class ApiConfig(AppConfig):
    name = "mmhub.api"
    label = "mmhub_api"
    verbose_name = "Read API"

    def ready(self):
        checks.register(check_rate_limit_setting)


def check_rate_limit_setting(app_configs, **kwargs):
    """A mistyped API_RATE_LIMIT fails at start-up, not on the first API call."""
    from .ratelimit import parse_rate

    try:
        parse_rate(settings.API_RATE_LIMIT)
    except ValueError as error:
        return [checks.Error(str(error), id="mmhub_api.E001")]
    return []
