"""The content locales readers can choose besides English (settings.LANGUAGES)."""

from django.db import migrations

LANGUAGES = ["es", "fr", "de", "it"]


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def remove_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    # Only locales nothing is translated into yet; a translated page keeps its locale.
    for locale in Locale.objects.filter(language_code__in=LANGUAGES):
        if not apps.get_model("wagtailcore", "Page").objects.filter(locale=locale).exists():
            locale.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("translation", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(add_locales, remove_locales)]
