"""Newsletter subscribers: who asked for it, with which consent, how often and about what."""

import secrets

from django.conf import settings
from django.db import models

from mmhub.content.models import AreaOfInterest


def new_token():
    return secrets.token_urlsafe(32)


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    ACTIVE = "active", "Subscribed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
    SUPPRESSED = "suppressed", "Suppressed after a bounce or complaint"


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

    class Meta:
        indexes = [models.Index(fields=["status", "frequency"])]

    def __str__(self):
        return self.email

    @property
    def is_active(self):
        return self.status == SubscriptionStatus.ACTIVE
