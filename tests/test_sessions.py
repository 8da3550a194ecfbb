"""Sessions read in the same cache round trip as a page's route (mmhub/sessions.py)."""

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.core.cache import cache
from django.test import Client

from mmhub.accounts.models import VerificationStatus
from mmhub.sessions import SessionStore, get_many_with_session
from tests.accounts.conftest import make_account
from tests.conftest import FLAGSHIP_PATH, declare


class Request:
    def __init__(self, session):
        self.session = session


@pytest.fixture
def cache_reads(monkeypatch):
    """Every read of the shared cache (a round trip to Redis), counted on the way to the real
    cache; not the reads the local-memory cache's get_many makes of itself."""
    reads = []
    depth = [0]
    for name in ("get", "get_many"):
        real = getattr(cache, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            if not depth[0]:
                reads.append((_name, args[0]))
            depth[0] += 1
            try:
                return _real(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(cache, name, counted)
    return reads


@pytest.fixture
def saved_session(db):
    session = SessionStore()
    session["mmhub_test"] = "kept"
    session.save()
    return session.session_key


def test_sessions_are_djangos_cached_db_sessions(db):
    ours = SessionStore()
    ours["written_by"] = "mmhub"
    ours.save()
    assert CachedDbStore(ours.session_key)["written_by"] == "mmhub"
    djangos = CachedDbStore()
    djangos["written_by"] = "django"
    djangos.save()
    assert SessionStore(djangos.session_key)["written_by"] == "django"


def test_an_unread_session_rides_along_and_then_loads_without_a_read(saved_session, cache_reads):
    cache.set("mmhub:test:other", "value")
    session = SessionStore(saved_session)
    found = get_many_with_session(Request(session), ["mmhub:test:other", "mmhub:test:absent"])
    assert found == {"mmhub:test:other": "value"}
    assert len(cache_reads) == 1 and session.cache_key in cache_reads[0][1]
    assert session["mmhub_test"] == "kept"
    assert len(cache_reads) == 1  # no read of its own
    # Read once: later reads leave it out.
    assert session.key_to_read_along() is None
    get_many_with_session(Request(session), ["mmhub:test:other"])
    assert cache_reads[-1] == ("get_many", ["mmhub:test:other"])


def test_a_session_the_cache_lost_is_read_from_the_database(saved_session):
    cache.delete(SessionStore(saved_session).cache_key)
    session = SessionStore(saved_session)
    get_many_with_session(Request(session), ["mmhub:test:other"])
    assert session["mmhub_test"] == "kept"


def test_no_session_or_another_engine_reads_only_the_keys(db, cache_reads):
    cache.set("mmhub:test:other", "value")
    for session in (SessionStore(), CachedDbStore(), None):
        assert get_many_with_session(Request(session), ["mmhub:test:other"]) == {
            "mmhub:test:other": "value"
        }
        assert cache_reads[-1] == ("get_many", ["mmhub:test:other"])


def test_a_framed_article_reads_the_cache_three_times(flagship, settings, cache_reads):
    """Session with the route, the account (user, choices, verification), the frame: no
    read of its own for the session."""
    settings.SESSION_ENGINE = "mmhub.sessions"
    user = make_account("rides@example.org", status=VerificationStatus.VERIFIED)
    client = Client()
    client.force_login(user)
    declare(client)
    client.get(FLAGSHIP_PATH)
    client.get(FLAGSHIP_PATH)
    cache_reads.clear()
    response = client.get(FLAGSHIP_PATH)
    assert response.status_code == 200 and "Your account" in response.content.decode()
    assert len(cache_reads) == 3, cache_reads
    assert any("sessions" in key for key in cache_reads[0][1])
