from django.apps import AppConfig


class PersonalConfig(AppConfig):
    name = "mmhub.personal"
    label = "personal"
    verbose_name = "Personalisation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from mmhub.accounts.onboarding import register_step

        from . import sections, signals  # noqa: F401  (registers data sections and receivers)
        from .onboarding import choose_areas_step

        register_step(choose_areas_step)
