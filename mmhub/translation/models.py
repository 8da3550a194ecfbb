"""Machine translations of page segments, kept so a segment is sent to a provider once."""

from django.db import models


class MachineTranslation(models.Model):
    """One segment (by the hash of its protected source HTML) in one language by one provider."""

    source_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=12)
    provider = models.CharField(max_length=40)
    translated = models.TextField(help_text="Restored and sanitised: safe to show as it is")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_hash", "language", "provider"],
                name="translation_one_per_segment_language_provider",
            )
        ]

    def __str__(self):
        return f"{self.source_hash[:12]} -> {self.language} ({self.provider})"
