"""Personal access tokens for feed readers and the read API.

A token is `<key_id>.<signature>`: a random id signed with the site's secret key and salted
with its purpose, so a feed token never opens the API and the other way round. A forged or
damaged token is refused before the database is asked; a well-formed one is looked up by
`key_id` and refused once revoked or once its account is inactive. Rotating SECRET_KEY
(with the old key in SECRET_KEY_FALLBACKS for a while) keeps tokens working.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from .models import AccessToken, TokenPurpose

MAX_ACTIVE_PER_PURPOSE = 10
# Recording every use would write on every feed poll and API call; an hour is precise enough
# for an account holder deciding which token to revoke.
LAST_USED_PRECISION = timedelta(hours=1)


class TooManyTokens(Exception):
    pass


def _signer(purpose):
    return signing.Signer(salt=f"mmhub.accounts.tokens.{purpose}", sep=".")


def token_for(access_token):
    """The token to hand out: derivable again from the stored row while it is not revoked."""
    return _signer(access_token.purpose).sign(access_token.key_id)


def active_tokens(user, purpose):
    return AccessToken.objects.filter(user=user, purpose=purpose, revoked_at__isnull=True)


def issue(user, purpose, label):
    """A new token for `user`; raises TooManyTokens when the account already has the maximum."""
    purpose = TokenPurpose(purpose)
    with transaction.atomic():
        if active_tokens(user, purpose).select_for_update().count() >= MAX_ACTIVE_PER_PURPOSE:
            raise TooManyTokens
        return AccessToken.objects.create(
            user=user,
            purpose=purpose,
            label=label.strip()[:80],
            key_id=secrets.token_urlsafe(12),
        )


def revoke(user, token_id):
    """Revoke one of `user`'s tokens; True when it was active. Another account's token id
    revokes nothing."""
    return bool(
        AccessToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def revoke_all(user):
    return AccessToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def authenticate(token, purpose):
    """The active account `token` belongs to, or None: forged, damaged, revoked, issued for
    another purpose, or its account is inactive."""
    if not token or len(token) > 200:
        return None
    try:
        key_id = _signer(purpose).unsign(token)
    except signing.BadSignature:
        return None
    access_token = (
        AccessToken.objects.select_related("user")
        .filter(key_id=key_id, purpose=purpose, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if access_token is None:
        return None
    now = timezone.now()
    if access_token.last_used_at is None or now - access_token.last_used_at > LAST_USED_PRECISION:
        AccessToken.objects.filter(pk=access_token.pk).update(last_used_at=now)
    return access_token.user
