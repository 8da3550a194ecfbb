"""Simultaneous first sign-ups for one new address: one subscription, and no error for anyone."""

import threading

import pytest
from django.db import connection, connections

from mmhub.newsletter import services
from mmhub.newsletter.models import Subscriber

ADDRESSES = 15
REQUESTS_PER_ADDRESS = 4


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises writers; the race needs PostgreSQL (CI runs it there)",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_sign_ups_for_one_address_all_succeed(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    errors = []

    def sign_up(email, barrier):
        try:
            barrier.wait()
            outcome = services.subscribe(email, frequency="weekly", areas=[])
            assert outcome.kind == "confirmation_sent"
        except Exception as error:  # noqa: BLE001 - every failure is collected and reported
            errors.append(repr(error))
        finally:
            connections.close_all()

    for n in range(ADDRESSES):
        barrier = threading.Barrier(REQUESTS_PER_ADDRESS)
        email = f"new.reader{n}@example.org"
        threads = [
            threading.Thread(target=sign_up, args=(email, barrier))
            for _ in range(REQUESTS_PER_ADDRESS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert Subscriber.objects.count() == ADDRESSES
