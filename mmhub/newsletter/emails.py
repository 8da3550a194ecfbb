"""The emails of subscribing: confirm your address, or (already subscribed) manage it."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from mmhub.accounts.emails import absolute_url


def links(subscriber):
    from .services import confirmation_code

    return {
        "confirm_url": absolute_url(
            reverse("newsletter:confirm", args=[confirmation_code(subscriber)])
        ),
        "manage_url": absolute_url(reverse("newsletter:manage", args=[subscriber.token])),
        "unsubscribe_url": absolute_url(reverse("newsletter:unsubscribe", args=[subscriber.token])),
    }


def _send(template, subscriber):
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "subscriber": subscriber,
        **links(subscriber),
    }
    subject = " ".join(
        render_to_string(f"newsletter/email/{template}_subject.txt", context).split()
    )
    body = render_to_string(f"newsletter/email/{template}_message.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[subscriber.email])
    message.send()


def send_confirmation(subscriber):
    _send("confirm", subscriber)


def send_already_subscribed(subscriber):
    _send("already_subscribed", subscriber)
