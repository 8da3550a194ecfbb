"""Operations: commands for running MM Hub on real infrastructure (database set-up, load data)."""

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "mmhub.ops"
    label = "mmhub_ops"
    verbose_name = "Operations"
