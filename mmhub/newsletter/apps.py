from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "mmhub.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            sections,  # noqa: F401  (registers the data section)
            signals,  # noqa: F401  (bounces, complaints and unsubscribes by mail)
        )
