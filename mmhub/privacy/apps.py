"""Privacy self-service: consent records, the data export each app contributes to, account erasure."""

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "mmhub.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self):
        from . import sections  # noqa: F401
