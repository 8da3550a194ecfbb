"""Newsletter subscribers: who asked for it, with which consent, how often and about what."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mmhub.content.models import AreaOfInterest


def new_token():
    return secrets.token_urlsafe(32)


class Frequency(models.TextChoices):
    # Translators: how often the newsletter is sent; also shown lower-cased inside sentences
    # ("Your weekly digest").
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class SubscriptionStatus(models.TextChoices):
    # Translators: the status of a newsletter subscription; also shown lower-cased after the
    # address ("For name@example.org: subscribed.").
    PENDING = "pending", _("Waiting for confirmation")
    ACTIVE = "active", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    SUPPRESSED = "suppressed", _("Suppressed after a bounce or complaint")


class Subscriber(models.Model):
    """One email address on the list. Nothing is sent to it before the address is confirmed.

    `token` is the secret in every link of every email (confirm, manage, unsubscribe): whoever has
    the email can manage the subscription without signing in, and nobody else can.
    """

    email = models.EmailField(unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscription",
    )
    status = models.CharField(
        max_length=16, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    areas = models.ManyToManyField(AreaOfInterest, blank=True, related_name="+")
    paused = models.BooleanField(default=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    consent = models.ForeignKey(
        "privacy.ConsentRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    suppressed_at = models.DateTimeField(null=True, blank=True)
    suppression_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "frequency"])]

    def __str__(self):
        return self.email

    @property
    def is_active(self):
        return self.status == SubscriptionStatus.ACTIVE


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Being handed to the mail server"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Nothing new to send"
    FAILED = "failed", "Refused by the mail server; not retried"
    UNCERTAIN = "uncertain", "Interrupted while being handed over; not resent"


class DigestDelivery(models.Model):
    """One subscriber's digest for one period ("2026-W48" weekly, "2026-11" monthly).

    The unique (subscriber, period) row is claimed before anything is sent, so however often a
    batch is re-run, or by however many workers, a period's digest is built for a subscriber at
    most once. A row moves QUEUED -> SENDING (a conditional update: one worker wins) -> SENT. A
    row found SENDING after its worker died is never resent (the mail server may have taken it):
    it becomes UNCERTAIN, for an operator to check against the mail server's log by Message-ID.
    """

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    period = models.CharField(max_length=10)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    covers_from = models.DateTimeField(help_text="Content published after this time is new")
    covers_until = models.DateTimeField()
    article_count = models.PositiveSmallIntegerField(default=0)
    recommended_count = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "period"], name="newsletter_one_digest_per_period"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name_plural = "digest deliveries"

    def __str__(self):
        return f"{self.period} digest for {self.subscriber_id}"
