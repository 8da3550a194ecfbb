from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "mmhub.polls"
    label = "polls"
    verbose_name = "Polls"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import sections, signals  # noqa: F401  (registers the data section and receivers)
