"""Emails about verification and account deletion, sent through the configured email backend."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .models import VerificationStatus


def absolute_url(path):
    """A site path as a full address from the configured base URL (emails have no request).

    An address that is already absolute (Wagtail's, on a multi-site install) is kept as it is.
    """
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(template, recipients, context):
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    body = render_to_string(f"accounts/email/{template}_message.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    send_mail(prefix + " ".join(subject.split()), body, None, recipients)


def send_decision(profile):
    template = {
        VerificationStatus.VERIFIED: "verification_approved",
        VerificationStatus.REJECTED: "verification_rejected",
    }.get(profile.verification_status)
    if template is None or not profile.user.email:
        return
    _send(
        template,
        [profile.user.email],
        {"profile": profile, "profile_url": absolute_url(reverse("accounts:profile"))},
    )


def notify_reviewers(profile):
    reviewers = settings.HCP_VERIFICATION_REVIEWERS
    if not reviewers:
        return
    queue_url = absolute_url(reverse("hcp_verification:index") + "?verification_status=pending")
    # Reviewers learn that there is a request and where; the details stay in the admin.
    transaction.on_commit(
        lambda: _send("verification_requested", reviewers, {"queue_url": queue_url}), robust=True
    )


def send_account_deleted(email):
    _send("account_deleted", [email], {})
