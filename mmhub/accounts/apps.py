"""Accounts: sign-up and sign-in (django-allauth), HCP profiles and their verification."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mmhub.accounts"
    label = "accounts"
    verbose_name = "Accounts and HCP profiles"

    def ready(self):
        from . import sections, signals  # noqa: F401
