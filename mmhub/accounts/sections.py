"""The accounts app's part of the data export: the account, its email addresses, the HCP profile."""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _

from mmhub.privacy.registry import DataSection, register

from .models import AccessToken, HcpProfile


def export_account(user):
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def export_email_addresses(user):
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def export_profile(user):
    profile = HcpProfile.objects.filter(user=user).first()
    if profile is None:
        return {}
    return {
        "profession": profile.get_profession_display() if profile.profession else "",
        "specialty": profile.specialty,
        "country": profile.country.name if profile.country else "",
        "workplace": profile.workplace,
        "registration_body": profile.issuer_label,
        "registration_number": profile.registration_number,
        "verification_status": profile.get_verification_status_display(),
        "verification_requested_at": profile.submitted_at,
        "verification_decided_at": profile.decided_at,
        "verification_decided_by": profile.verified_by_service,
        "reason_given_for_declining": profile.rejection_reason,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


register(
    DataSection(
        key="account",
        title=_("Account"),
        description=_("Your sign-in email address and when you joined and last signed in."),
        export=export_account,
    )
)
register(
    DataSection(
        key="email_addresses",
        title=_("Email addresses"),
        description=_("The addresses on your account and whether you confirmed them."),
        export=export_email_addresses,
    )
)
register(
    DataSection(
        key="hcp_profile",
        title=_("Professional profile"),
        description=_("Your profession, registration and verification status."),
        export=export_profile,
    )
)


def export_access_tokens(user):
    """What each token is called and when it was used; never the token itself."""
    return [
        {
            "purpose": token.get_purpose_display(),
            "label": token.label,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "revoked_at": token.revoked_at,
        }
        for token in AccessToken.objects.filter(user=user).order_by("created_at", "id")
    ]


register(
    DataSection(
        key="access_tokens",
        title=_("Feed and API tokens"),
        description=_(
            "The personal links for feed readers and the keys for the read API that you made, "
            "and when they were last used."
        ),
        export=export_access_tokens,
    )
)
