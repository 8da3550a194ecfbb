"""Sessions stored as Django's cached_db stores them, whose cache read can share a round trip.

A signed-in reader's article costs a few reads of the shared cache (Redis in production): the
session, the account (mmhub.accounts.backends), the page's route and its frame (mmhub.content).
Each read is a round trip, and with pickling each costs a worker more than the rest of the
request's own work. The route is known from the path alone, so `get_many_with_session` reads it
together with the reader's session when the session has not been read yet; the session then
loads from what came back, without a round trip of its own.

The data and the keys are cached_db's own (SESSION_ENGINE "mmhub.sessions" reads sessions
written by "django.contrib.sessions.backends.cached_db" and the other way round), and a session
missing from the cache is read from the database as Django does.
"""

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import DEFAULT_CACHE_ALIAS, cache

_UNREAD = object()


class SessionStore(cached_db.SessionStore):
    _read_along = _UNREAD  # what another read of the cache brought back for this session

    def key_to_read_along(self):
        """This session's cache key, while it has a key and has not been read yet; else None."""
        if (
            settings.SESSION_CACHE_ALIAS != DEFAULT_CACHE_ALIAS
            or self.session_key is None
            or hasattr(self, "_session_cache")
            or self._read_along is not _UNREAD
        ):
            return None
        return self.cache_key

    def load(self):
        data, self._read_along = self._read_along, _UNREAD
        if data is _UNREAD or data is None:
            # Not read along, or not in the cache (expired there): cached_db's own way, which
            # falls back to the database.
            return super().load()
        return data


def get_many_with_session(request, keys):
    """`cache.get_many(keys)`, with the request's session read in the same round trip when it
    has not been read yet."""
    session = getattr(request, "session", None)
    session_key = session.key_to_read_along() if isinstance(session, SessionStore) else None
    if session_key is None:
        return cache.get_many(keys)
    found = cache.get_many([*keys, session_key])
    session._read_along = found.pop(session_key, None)
    return found
