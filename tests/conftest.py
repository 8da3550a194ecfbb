"""Fixtures shared by the whole suite: a clean cache, the demo site, and a visitor who has declared."""

import pytest
from django.core.cache import cache

from mmhub.content.demo.loader import load_demo_content
from mmhub.content.models import ArticlePage

FLAGSHIP_SLUG = "myeloma-xi-lenalidomide-maintenance"
FLAGSHIP_PATH = f"/articles/{FLAGSHIP_SLUG}/"
HCP_BUTTON = "I am a healthcare professional"
# The compliance statement every page, error pages included, must carry.
DISCLOSURE = "Sponsors have no influence on the selection, content or presentation"


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached lookups must never outlive the database rows of the test that filled them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(db):
    load_demo_content()


@pytest.fixture
def flagship(demo_site):
    return ArticlePage.objects.get(slug=FLAGSHIP_SLUG)


def declare(client, next_url="/"):
    response = client.post("/gate/", {"choice": "hcp", "next": next_url})
    assert response.status_code == 302
    return response


@pytest.fixture
def hcp_client(client, db):
    declare(client)
    return client


class ReceivedMail:
    """Messages a real SMTP server (aiosmtpd, on a loopback port) received during a test."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if address in message["To"]]

    def body(self, message):
        return message.get_body(preferencelist=("plain",)).get_content()

    def link(self, message, contains):
        """The first URL in the message's text whose path contains `contains`."""
        import re

        for url in re.findall(r"https?://\S+", self.body(message)):
            if contains in url:
                return url
        raise AssertionError(f"No link containing {contains!r} in:\n{self.body(message)}")


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """Django sends through SMTP to a real server started here; tests read what arrived."""
    from aiosmtpd.controller import Controller

    mailbox = ReceivedMail()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield mailbox
    finally:
        controller.stop()
