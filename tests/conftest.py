"""Fixtures shared by the whole suite: a clean cache, the demo site, and a visitor who has declared."""

import os
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import translation

from mmhub import memo
from mmhub.content.demo.loader import load_demo_content
from mmhub.content.models import ArticlePage

FLAGSHIP_SLUG = "myeloma-xi-lenalidomide-maintenance"
FLAGSHIP_PATH = f"/articles/{FLAGSHIP_SLUG}/"
HCP_BUTTON = "I am a healthcare professional"
# The compliance statement every page, error pages included, must carry.
DISCLOSURE = "Sponsors have no influence on the selection, content or presentation"


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts and ends in the site's default language. A request through the test
    client runs LocaleMiddleware in the test's own thread, which activates the URL's language
    there and leaves it active; without this, a test after one that read /es/ pages would build
    its expected dates, subjects and page URLs in Spanish."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached lookups must never outlive the database rows of the test that filled them."""
    cache.clear()
    memo.forget_all()
    yield
    cache.clear()
    memo.forget_all()


@pytest.fixture
def demo_site(db):
    load_demo_content(reviewed_translations=False)


@pytest.fixture
def reviewed_translations(demo_site):
    """The demo's reviewed translations too: the About page in Spanish."""
    from mmhub.content.demo.loader import load_reviewed_translations

    load_reviewed_translations()


@pytest.fixture
def flagship(demo_site):
    return ArticlePage.objects.get(slug=FLAGSHIP_SLUG)


@pytest.fixture
def editor(client, demo_site):
    """The test client signed in to the Wagtail admin as the demo editor (Editors group)."""
    from django.core.management import call_command

    call_command("create_demo_editor", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert client.login(username="editor", password="myeloma-demo-editor")
    return client


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


@contextmanager
def mail_server(settings, mailbox):
    """A real SMTP server (aiosmtpd) on a loopback port, with Django sending to it."""
    from aiosmtpd.controller import Controller

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


@pytest.fixture
def smtp_server(settings):
    """Django sends through SMTP to a real server started here; tests read what arrived."""
    with mail_server(settings, ReceivedMail()) as mailbox:
        yield mailbox


# Background workers: RQ on the machine's Redis, and manage.py in a process of its own ----------

REPO = Path(__file__).resolve().parents[1]
RQ_BACKEND = {"default": {"BACKEND": "mmhub.taskqueue.RQBackend", "QUEUES": ["default"]}}


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(
    not redis_answers() and os.getenv("CI") != "true",
    reason="no Redis on 127.0.0.1:6379 (start it with `redis-server --daemonize yes`); "
    "CI fails instead of skipping",
)


@pytest.fixture
def rq_tasks(settings):
    import django_rq
    from django_tasks import task_backends

    django_rq.get_connection("default").flushdb()
    settings.TASKS = RQ_BACKEND
    yield task_backends["default"]
    django_rq.get_connection("default").flushdb()


def suite_database_url():
    """The suite's PostgreSQL test database as a URL another process can open."""
    from django.db import connection

    test_db = connection.settings_dict
    return (
        f"postgres://{test_db['USER']}@{test_db['HOST'] or '127.0.0.1'}:{test_db['PORT'] or 5432}"
        f"/{test_db['NAME']}"
    )


def manage_command(*args, env=None):
    """manage.py's command line and environment, on the test database and the test Redis."""
    env = (
        os.environ
        | {
            "DATABASE_URL": suite_database_url(),
            "DJANGO_SETTINGS_MODULE": "mmhub.settings.test",
        }
        | (env or {})
    )
    return [sys.executable, "manage.py", *args], env


def run_manage(*args, env=None):
    command, env = manage_command(*args, env=env)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def libretranslate(settings):
    """A LibreTranslate stand-in (tests/translation/conftest.py) on a loopback port, and the site
    pointed at it. In-process, so the live server of the browser tests asks it too."""
    from tests.translation.conftest import FakeLibreTranslate, handler_for

    state = FakeLibreTranslate()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.MT_PROVIDER = "libretranslate"
    settings.MT_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.MT_API_KEY = ""
    settings.MT_TIMEOUT = 5
    state.url = settings.MT_URL
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
