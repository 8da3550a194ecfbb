"""Authentication backends that keep each signed-in account's user row in the shared cache.

Every request of a signed-in reader loads their user row: a query, and the ORM's work to build
it. Here the row comes from the shared cache (Redis in production), together with whatever other
apps registered for the account with `prefetch_for_user` (personal: the reader's kept choices;
accounts: whether the profile is verified), in one round trip. A save or delete of the user row
forgets it (accounts.signals), so a password change, a deactivation in the admin or a deletion
applies from the next request; a change that skips Django's signals (`QuerySet.update`) applies
within USER_TIMEOUT seconds. Django still checks the session's password hash against the row.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

USER_TIMEOUT = 300
_prefetchers = []
_PREFETCHED = "_mmhub_prefetched"


def user_key(user_id):
    return f"accounts:user:{user_id}"


def prefetch_for_user(keys):
    """Register `keys(user_id) -> [shared-cache key, ...]`, fetched with the user row; read them
    back with `take_prefetched`."""
    _prefetchers.append(keys)
    return keys


def take_prefetched(user, key):
    """(True, value or None) when `key` was fetched with this request's user — once: a second
    call, after the caller changed what is stored, must ask the cache — else (False, None)."""
    prefetched = getattr(user, _PREFETCHED, None)
    if prefetched is None or key not in prefetched:
        return False, None
    return True, prefetched.pop(key)


def forget_user(user_id):
    key = user_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


class CachedUserMixin:
    def get_user(self, user_id):
        key = user_key(user_id)
        extra = [extra_key for keys in _prefetchers for extra_key in keys(user_id)]
        found = cache.get_many([key, *extra])
        user = found.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            cache.set(key, user, USER_TIMEOUT)
        elif not self.user_can_authenticate(user):
            return None
        setattr(user, _PREFETCHED, {extra_key: found.get(extra_key) for extra_key in extra})
        return user


class CachedModelBackend(CachedUserMixin, ModelBackend):
    """Django's ModelBackend, with the user row from the shared cache."""


class CachedAuthenticationBackend(CachedUserMixin, AuthenticationBackend):
    """allauth's backend (sign-in by email), with the user row from the shared cache."""
