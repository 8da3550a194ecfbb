"""The newsletter's emails: confirm your address, already subscribed, and the digest itself."""

from email.utils import parseaddr
from urllib.parse import quote

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from mmhub.accounts.emails import absolute_url


def subscriber_links(subscriber):
    """The links every email carries: manage the subscription, unsubscribe."""
    return {
        "manage_url": absolute_url(reverse("newsletter:manage", args=[subscriber.token])),
        "unsubscribe_url": absolute_url(reverse("newsletter:unsubscribe", args=[subscriber.token])),
    }


def links(subscriber):
    from .services import confirmation_code

    code = confirmation_code(subscriber)
    confirm_url = absolute_url(reverse("newsletter:confirm", args=[code]))
    return {"confirm_url": confirm_url, **subscriber_links(subscriber)}


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


# Digests -----------------------------------------------------------------------------------

_inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


def sender():
    return settings.NEWSLETTER_FROM_EMAIL or settings.DEFAULT_FROM_EMAIL


def sender_domain():
    return parseaddr(sender())[1].rpartition("@")[2] or "localhost"


def unsubscribe_mailto(subscriber):
    """RFC 8058's second address: a mail to it, with the token as subject, unsubscribes."""
    address = settings.NEWSLETTER_UNSUBSCRIBE_MAILTO or f"unsubscribe@{sender_domain()}"
    return f"mailto:{address}?subject={quote('unsubscribe ' + subscriber.token)}"


def digest_subject(digest):
    names = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "frequency": digest.subscriber.get_frequency_display().lower(),
    }
    count = len(digest.new_articles) + digest.more_new
    if count:
        # Translators: an email subject; frequency is "weekly" or "monthly".
        return ngettext(
            "%(site_name)s %(frequency)s digest: %(count)s new article in your areas",
            "%(site_name)s %(frequency)s digest: %(count)s new articles in your areas",
            count,
        ) % {**names, "count": count}
    # Translators: an email subject; frequency is "weekly" or "monthly".
    return gettext("%(site_name)s %(frequency)s digest: articles recommended for you") % names


def digest_context(digest, site_links):
    subscriber = digest.subscriber
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "digest": digest,
        "subscriber": subscriber,
        "home_url": absolute_url("/"),
        "logo_url": absolute_url(static("img/mmhub-mark-72.png")),
        "funders_url": _absolute(site_links.get("funders")),
        "articles_url": absolute_url(site_links.get("articles") or "/"),
        "privacy_url": _absolute(site_links.get("privacy")),
        "postal_address": settings.NEWSLETTER_POSTAL_ADDRESS,
        **subscriber_links(subscriber),
    }


def _absolute(url):
    """A site section's full address, or "" when the site has no such page."""
    return absolute_url(url) if url else ""


def render_digest(digest, site_links):
    """(subject, text, html) of a digest; the HTML with its CSS inlined."""
    return _render_digest(digest_context(digest, site_links))


def _render_digest(context):
    text = render_to_string("newsletter/email/digest.txt", context)
    html = _inliner.inline(render_to_string("newsletter/email/digest.html", context))
    return digest_subject(context["digest"]), text, html


def digest_message(digest, site_links, connection=None):
    """The digest as an email with a text and an HTML part and RFC 8058 one-click unsubscribe."""
    context = digest_context(digest, site_links)
    subject, text, html = _render_digest(context)
    delivery = digest.delivery
    unsubscribe_url = context["unsubscribe_url"]
    domain = sender_domain()
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>, <{unsubscribe_mailto(digest.subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{settings.WAGTAIL_SITE_NAME} newsletter <newsletter.{domain}>",
        # The same Message-ID on every attempt: the mail server's log can tell whether a digest
        # interrupted mid-send went out, and a receiving server may drop a duplicate.
        "Message-ID": (
            f"<digest.{delivery.period}.{delivery.pk}.{delivery.created_at:%Y%m%d%H%M%S%f}@{domain}>"
        ),
    }
    message = EmailMultiAlternatives(
        subject,
        text,
        from_email=sender(),
        to=[digest.subscriber.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    message.tags = ["digest"]  # anymail passes these to the provider; SMTP ignores them
    message.metadata = {"delivery": str(delivery.pk), "period": delivery.period}
    return message
