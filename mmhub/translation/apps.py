from django.apps import AppConfig


class TranslationConfig(AppConfig):
    name = "mmhub.translation"
    label = "translation"
    verbose_name = "Translation"
    default_auto_field = "django.db.models.BigAutoField"
