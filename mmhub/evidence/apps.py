"""Trial evidence: structured trial records, patient-level data, survival statistics and plots."""

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "mmhub.evidence"
    label = "evidence"
    verbose_name = "Trial evidence"
