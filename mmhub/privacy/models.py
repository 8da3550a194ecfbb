"""Consent records (what wording was agreed, when, for what) and the log of account erasures."""

import hashlib

from django.conf import settings
from django.db import models


def wording_version(text):
    """A version that changes whenever the wording changes: a hash of the whitespace-normalised
    text. Used for consent wordings and for the HCP declaration."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:12]


class ConsentPurpose(models.TextChoices):
    ACCOUNT = "account", "Account and privacy notice"
    NEWSLETTER = "newsletter", "Newsletter"


class ConsentWording(models.Model):
    """One wording shown to people for one purpose. Rows are records: never edited, only added."""

    purpose = models.CharField(max_length=32, choices=ConsentPurpose.choices)
    version = models.CharField(max_length=12, editable=False)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="unique_consent_wording")
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.version}"

    def save(self, *args, **kwargs):
        self.version = wording_version(self.text)
        super().save(*args, **kwargs)


class ConsentRecord(models.Model):
    """Someone agreed to a wording for a purpose. The subject is an account or, for features open
    to visitors without one (the newsletter), an email address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    email = models.EmailField(blank=True)
    purpose = models.CharField(max_length=32, choices=ConsentPurpose.choices)
    wording = models.ForeignKey(ConsentWording, on_delete=models.PROTECT, related_name="records")
    given_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                name="consent_has_a_subject",
            )
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.wording.version} at {self.given_at:%Y-%m-%d}"

    @property
    def is_active(self):
        return self.withdrawn_at is None


class AccountDeletion(models.Model):
    """An account was erased. Holds no identifier of the person: when, and what was done."""

    deleted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    summary = models.JSONField(
        default=dict, help_text="Per data section: what was removed or kept without the person"
    )

    class Meta:
        ordering = ["-deleted_at"]

    def __str__(self):
        return f"Account deleted {self.deleted_at:%Y-%m-%d %H:%M}"
