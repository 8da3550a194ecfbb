"""Who may read content flagged "verified HCPs only"."""

from django.core.cache import cache
from django.db import transaction

from .backends import prefetch_for_user, take_prefetched
from .models import HcpProfile, VerificationStatus

_CACHE_ATTR = "_mmhub_can_read_verified_only"
_PROFILE_ATTR = "_mmhub_verified_profile"
VERIFIED_TIMEOUT = 24 * 3600


@prefetch_for_user
def verified_keys(user_id):
    return [verified_key(user_id)]


def verified_key(user_id):
    return f"accounts:verified:{user_id}"


def remember_verified(user, verified):
    """Whether the profile is verified, as read from the shared cache under `verified_key` by a
    caller that fetched it with other keys (None: not stored; asked again when needed)."""
    if verified is not None and getattr(user, _CACHE_ATTR, None) is None:
        setattr(user, _PROFILE_ATTR, verified)


def can_read_verified_only(user):
    """Verified HCPs, and editors (who must preview what they publish). Asked once per request;
    whether the profile is verified is kept in the shared cache until the profile changes."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        key = verified_key(user.pk)
        verified = getattr(user, _PROFILE_ATTR, None)
        if verified is None:
            asked, verified = take_prefetched(user, key)
            if not asked:
                verified = cache.get(key)
        if verified is None:
            verified = HcpProfile.objects.filter(
                user=user, verification_status=VerificationStatus.VERIFIED
            ).exists()
            cache.set(key, verified, VERIFIED_TIMEOUT)
        cached = verified or user.has_perm("wagtailadmin.access_admin")
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_verification(user_id):
    """The profile changed: ask the database again (now, and after the change is committed)."""
    key = verified_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def profile_for(user):
    return HcpProfile.objects.get_or_create(user=user)[0]
