"""The newsletter's part of the data export; deleting an account deletes its subscription."""

from django.utils.translation import gettext_lazy as _

from mmhub.privacy.models import ConsentPurpose, ConsentRecord
from mmhub.privacy.registry import DataSection, register

from .models import DeliveryStatus, Subscriber


def subscriptions_of(user):
    return Subscriber.objects.filter(user=user) | Subscriber.objects.filter(
        email__iexact=user.email
    )


def export_subscription(user):
    subscriber = subscriptions_of(user).prefetch_related("areas", "deliveries").first()
    if subscriber is None:
        return {}
    sent = [row for row in subscriber.deliveries.all() if row.status == DeliveryStatus.SENT]
    return {
        "email": subscriber.email,
        "status": subscriber.get_status_display(),
        "frequency": subscriber.get_frequency_display(),
        "areas": [area.name for area in subscriber.areas.all()],
        "paused": subscriber.paused,
        "subscribed_at": subscriber.created_at,
        "confirmed_at": subscriber.confirmed_at,
        "unsubscribed_at": subscriber.unsubscribed_at,
        "suppressed_at": subscriber.suppressed_at,
        "suppression_reason": subscriber.suppression_reason,
        "digests_sent": [
            {"period": row.period, "sent_at": row.sent_at, "articles": row.article_count}
            for row in sorted(sent, key=lambda row: row.sent_at)
        ],
    }


def erase_subscription(user):
    """The subscription and the newsletter consents given with the address before the account."""
    count, _ = subscriptions_of(user).delete()
    ConsentRecord.objects.filter(
        purpose=ConsentPurpose.NEWSLETTER, email__iexact=user.email
    ).delete()
    return "newsletter subscription deleted" if count else "no newsletter subscription"


register(
    DataSection(
        key="newsletter",
        title=_("Newsletter"),
        description=_(
            "Your newsletter subscription: the address, how often, your areas, when "
            "you subscribed, confirmed or unsubscribed, and the digests we sent you."
        ),
        export=export_subscription,
        erase=erase_subscription,
    )
)
