"""Who may read content flagged "verified HCPs only"."""

from .models import HcpProfile, VerificationStatus

_CACHE_ATTR = "_mmhub_can_read_verified_only"


def can_read_verified_only(user):
    """Verified HCPs, and editors (who must preview what they publish). Asked once per request."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = HcpProfile.objects.filter(
            user=user, verification_status=VerificationStatus.VERIFIED
        ).exists() or user.has_perm("wagtailadmin.access_admin")
        setattr(user, _CACHE_ATTR, cached)
    return cached


def profile_for(user):
    return HcpProfile.objects.get_or_create(user=user)[0]
