"""Wagtail pages and snippets that make up the editorial site."""

from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "mmhub.content"
    label = "content"
    verbose_name = "Content"

    def ready(self):
        from . import signals  # noqa: F401
