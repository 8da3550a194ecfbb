"""The HCP gate: content is shown only to visitors who declare they are healthcare professionals."""

from django.apps import AppConfig


class GateConfig(AppConfig):
    name = "mmhub.gate"
    label = "gate"
    verbose_name = "HCP gate"

    def ready(self):
        from . import sections, signals  # noqa: F401
