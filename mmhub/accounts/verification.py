"""HCP verification: unverified → pending → verified or rejected.

A `Verifier` decides what happens when someone asks to be verified. The manual one, shipped here,
puts the request in the staff queue in the Wagtail admin. A registry lookup or a DocCheck-style
service can replace it (setting HCP_VERIFIER): it returns VERIFIED or REJECTED at once, or PENDING
to leave the decision to staff. Staff decisions always go through `approve` and `reject`.
"""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from .models import HcpProfile, VerificationStatus

REQUESTABLE = {VerificationStatus.UNVERIFIED, VerificationStatus.REJECTED}


@dataclass(frozen=True)
class VerificationResult:
    status: str
    reason: str = ""


class Verifier(Protocol):
    name: str

    def submit(self, profile: HcpProfile) -> VerificationResult:
        """Called once per request for verification, after the profile was checked complete."""


class ManualVerifier:
    """Staff review every request in the admin; reviewers named in the settings get an email."""

    name = "manual review"

    def submit(self, profile):
        from .emails import notify_reviewers

        notify_reviewers(profile)
        return VerificationResult(VerificationStatus.PENDING)


def get_verifier():
    return import_string(settings.HCP_VERIFIER)()


def request_verification(profile):
    """The HCP asks to be verified. Raises ValidationError (with what to do) when they cannot."""
    if profile.verification_status not in REQUESTABLE:
        raise ValidationError(
            gettext("Your verification status is already: %(status)s.")
            % {"status": profile.get_verification_status_display()}
        )
    missing = profile.missing_for_verification()
    if missing:
        raise ValidationError(
            gettext("Before asking to be verified, please fill in: %(fields)s.")
            % {"fields": ", ".join(str(field) for field in missing)}
        )
    verifier = get_verifier()
    with transaction.atomic():
        profile.verification_status = VerificationStatus.PENDING
        profile.submitted_at = timezone.now()
        profile.rejection_reason = ""
        profile.decided_at = None
        profile.decided_by = None
        profile.save()
        result = verifier.submit(profile)
        if result.status != VerificationStatus.PENDING:
            _decide(profile, result.status, reason=result.reason, decided_by=None, by=verifier.name)
    return profile


def approve(profile, reviewer):
    return _decide_pending(profile, VerificationStatus.VERIFIED, reviewer)


def reject(profile, reviewer, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            "Give the reason for declining: the HCP receives it by email and needs to know "
            "what to correct."
        )
    return _decide_pending(profile, VerificationStatus.REJECTED, reviewer, reason)


def _decide_pending(profile, status, reviewer, reason=""):
    with transaction.atomic():
        # Lock the row: two reviewers deciding at once must not both send an email.
        locked = HcpProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.verification_status != VerificationStatus.PENDING:
            raise ValidationError(
                "This request was already decided or withdrawn (status now: "
                + locked.get_verification_status_display()
                + "); reload the queue."
            )
        _decide(locked, status, reason=reason, decided_by=reviewer, by="manual review")
    return locked


def _decide(profile, status, *, reason, decided_by, by):
    from .emails import send_decision

    profile.verification_status = status
    profile.rejection_reason = reason if status == VerificationStatus.REJECTED else ""
    profile.decided_at = timezone.now()
    profile.decided_by = decided_by
    profile.verified_by_service = by
    profile.save()
    # The decision stands even if the mail server is down: a failed email is logged, not raised.
    transaction.on_commit(lambda: send_decision(profile), robust=True)


REGISTRATION_FIELDS = ("issuing_body", "issuing_body_name", "registration_number", "profession")


def registration_changed(before, after):
    return any(getattr(before, name) != getattr(after, name) for name in REGISTRATION_FIELDS)


def reset_after_registration_change(profile):
    """A verification is of one registration: changing it means asking again."""
    profile.verification_status = VerificationStatus.UNVERIFIED
    profile.submitted_at = None
    profile.decided_at = None
    profile.decided_by = None
    profile.rejection_reason = ""
    profile.verified_by_service = ""
