"""Subscribing with double opt-in, confirming, changing preferences and unsubscribing."""

import re
from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from mmhub.privacy.models import ConsentPurpose
from mmhub.privacy.services import record_consent, withdraw_consent

from . import emails
from .models import Subscriber, SubscriptionStatus

# Shown in the reader's language and recorded in the words they saw (privacy.ConsentRecord).
CONSENT_TEXT = gettext_lazy(
    "Send me the MM Hub newsletter by email: new content in the areas I choose, weekly or monthly. "
    "I can change my choices or unsubscribe at any time from a link in every email."
)
CONFIRM_SALT = "mmhub.newsletter.confirm"
CONFIRM_MAX_AGE = 3 * 24 * 3600


class LinkRefused(Exception):
    """A confirmation link that is broken or too old; the message says what to do."""


@dataclass(frozen=True)
class Outcome:
    subscriber: Subscriber
    # "confirmation_sent": check your inbox; "subscribed": an account's verified address, at once.
    kind: str


def normalise(email):
    return email.strip().lower()


def account_email_is_verified(user, email):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def subscribe(email, *, frequency, areas, user=None):
    """Ask for the newsletter. A visitor gets a confirmation email; an account holder subscribing
    their own verified address is subscribed at once (one click). The answer never says whether
    the address was on the list already: an active subscriber is sent their manage link instead."""
    email = normalise(email)
    try:
        return _subscribe(email, frequency=frequency, areas=areas, user=user)
    except IntegrityError:
        # Two first sign-ups for the same new address at once: the lock of the lookup could not
        # hold a row that did not exist yet, and the other one inserted it. Now it exists.
        return _subscribe(email, frequency=frequency, areas=areas, user=user)


@transaction.atomic
def _subscribe(email, *, frequency, areas, user):
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None and subscriber.status == SubscriptionStatus.SUPPRESSED:
        return Outcome(subscriber, "confirmation_sent")  # nothing goes to a suppressed address
    if subscriber is not None and subscriber.is_active:
        transaction.on_commit(lambda: emails.send_already_subscribed(subscriber))
        return Outcome(subscriber, "confirmation_sent")
    subscriber = subscriber or Subscriber(email=email)
    subscriber.frequency = frequency
    subscriber.paused = False
    owner = user if user is not None and user.is_authenticated else None
    verified = owner is not None and account_email_is_verified(owner, email)
    if verified and not Subscriber.objects.filter(user=owner).exclude(pk=subscriber.pk).exists():
        subscriber.user = owner  # an account links to one subscription (its first address)
    subscriber.consent = record_consent(
        ConsentPurpose.NEWSLETTER, str(CONSENT_TEXT), user=subscriber.user, email=email
    )
    if verified:
        _activate(subscriber)
    else:
        subscriber.status = SubscriptionStatus.PENDING
        subscriber.confirmation_sent_at = timezone.now()
        subscriber.save()
        transaction.on_commit(lambda: emails.send_confirmation(subscriber))
    subscriber.areas.set(areas)
    return Outcome(subscriber, "subscribed" if verified else "confirmation_sent")


def _activate(subscriber):
    subscriber.status = SubscriptionStatus.ACTIVE
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save()


def confirmation_code(subscriber):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscriber.token)


def subscriber_for_confirmation(code):
    try:
        token = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(code, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkRefused(
            gettext(
                "This confirmation link is more than 3 days old. Subscribe again and we will "
                "send a new one."
            )
        ) from None
    except signing.BadSignature:
        raise LinkRefused(
            gettext(
                "This confirmation link is not complete. Copy the whole link from the email, or "
                "subscribe again."
            )
        ) from None
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        raise LinkRefused(
            gettext("This subscription no longer exists. Subscribe again to get the newsletter.")
        )
    return subscriber


@transaction.atomic
def confirm(subscriber):
    """Idempotent: a second click on the link changes nothing."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == SubscriptionStatus.PENDING:
        _activate(subscriber)
    return subscriber


def update_preferences(subscriber, *, frequency, areas, paused):
    subscriber.frequency = frequency
    subscriber.paused = paused
    subscriber.save(update_fields=["frequency", "paused"])
    subscriber.areas.set(areas)


@transaction.atomic
def unsubscribe(subscriber):
    """Takes effect at once and is idempotent (mail providers may POST the one-click twice)."""
    updated = Subscriber.objects.filter(
        pk=subscriber.pk, status__in=[SubscriptionStatus.ACTIVE, SubscriptionStatus.PENDING]
    ).update(status=SubscriptionStatus.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    if updated:
        withdraw_consent(ConsentPurpose.NEWSLETTER, email=subscriber.email)
    subscriber.refresh_from_db()
    return subscriber


def default_areas(request):
    """A new subscriber's areas start from the areas they follow (account or session)."""
    from mmhub.personal.services import followed_area_ids

    return followed_area_ids(request)


UNSUBSCRIBE_SUBJECT = re.compile(r"unsubscribe\s+([A-Za-z0-9_-]{20,64})", re.IGNORECASE)


def unsubscribe_by_mail(subject):
    """RFC 8058's mailto: a mail whose subject carries a subscriber's token unsubscribes them."""
    match = UNSUBSCRIBE_SUBJECT.search(subject or "")
    subscriber = Subscriber.objects.filter(token=match.group(1)).first() if match else None
    if subscriber is not None:
        unsubscribe(subscriber)
    return subscriber


@transaction.atomic
def suppress(email, reason, complaint=False):
    """Send nothing more to an address the mail system reported as bouncing or complaining.

    A complaint ("this is spam") also withdraws the newsletter consent, as an unsubscribe does.
    """
    subscriber = Subscriber.objects.select_for_update().filter(email=normalise(email)).first()
    if subscriber is None:
        return None
    if subscriber.status != SubscriptionStatus.SUPPRESSED:
        subscriber.status = SubscriptionStatus.SUPPRESSED
        subscriber.suppressed_at = timezone.now()
        subscriber.suppression_reason = reason[:300]
        subscriber.save(update_fields=["status", "suppressed_at", "suppression_reason"])
    if complaint:
        withdraw_consent(ConsentPurpose.NEWSLETTER, email=subscriber.email)
    return subscriber
