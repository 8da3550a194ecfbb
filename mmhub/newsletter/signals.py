"""What the email provider tells us through django-anymail's webhooks: bounces, complaints, replies.

Provider-neutral: anymail turns each provider's webhook into the same `tracking` and `inbound`
signals, so switching provider changes settings, not this code.
"""

from anymail.signals import EventType, RejectReason, inbound, tracking
from django.conf import settings
from django.dispatch import receiver

from . import emails, services

SUPPRESSING = {EventType.BOUNCED, EventType.COMPLAINED}


@receiver(tracking, dispatch_uid="newsletter-tracking")
def suppress_after_bounce_or_complaint(sender, event, esp_name, **kwargs):
    if not event.recipient:
        return
    rejected_invalid = (
        event.event_type == EventType.REJECTED and event.reject_reason == RejectReason.INVALID
    )
    if event.event_type in SUPPRESSING or rejected_invalid:
        what = {
            EventType.BOUNCED: "Hard bounce",
            EventType.COMPLAINED: "Complaint (marked as spam)",
        }.get(event.event_type, "Rejected as an invalid address")
        detail = event.mta_response or event.description or ""
        reason = f"{what} reported by {esp_name}" + (f": {detail}" if detail else "")
        services.suppress(
            event.recipient, reason, complaint=event.event_type == EventType.COMPLAINED
        )
    elif event.event_type == EventType.UNSUBSCRIBED:
        # The provider's own unsubscribe (its link or list-unsubscribe handling).
        subscriber = services.Subscriber.objects.filter(
            email=services.normalise(event.recipient)
        ).first()
        if subscriber is not None:
            services.unsubscribe(subscriber)


@receiver(inbound, dispatch_uid="newsletter-inbound")
def unsubscribe_by_mail(sender, event, esp_name, **kwargs):
    message = event.message
    address = (
        settings.NEWSLETTER_UNSUBSCRIBE_MAILTO or f"unsubscribe@{emails.sender_domain()}"
    ).lower()
    recipients = [mailbox.addr_spec.lower() for mailbox in (message.to or [])]
    if message.envelope_recipient:
        recipients.append(message.envelope_recipient.lower())
    if address in recipients:
        services.unsubscribe_by_mail(message.subject)
