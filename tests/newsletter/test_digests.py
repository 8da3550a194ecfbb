"""Digests through a real SMTP server: content, parts and headers, exactly once, retries, commands."""

import smtplib
import threading
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.mail.backends.smtp import EmailBackend
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from mmhub.content.models import AreaOfInterest, ArticlePage
from mmhub.newsletter import delivery, digests
from mmhub.newsletter.models import (
    DeliveryStatus,
    DigestDelivery,
    Frequency,
    Subscriber,
    SubscriptionStatus,
)
from mmhub.personal import recommend
from mmhub.personal.models import FollowedArea
from tests.accounts.conftest import make_account
from tests.conftest import ReceivedMail, free_port, mail_server

WEEKLY = {Frequency.WEEKLY: digests.period_of(Frequency.WEEKLY)}
MAINTENANCE_ONLY = "myeloma-xi-lenalidomide-maintenance"


class RefusingMail(ReceivedMail):
    """An SMTP server that answers chosen recipients with chosen codes, once per entry."""

    def __init__(self):
        super().__init__()
        self.refusals = {}  # address -> ["451 4.3.0 Try again later", ...]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answers = self.refusals.get(address)
        if answers:
            return answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://mmhub.example"
    settings.DEFAULT_FROM_EMAIL = "MM Hub <news@mmhub.example>"
    with mail_server(settings, RefusingMail()) as mailbox:
        yield mailbox


@pytest.fixture
def articles(demo_site):
    """Every demo article published five weeks ago; tests make some of them new."""
    ArticlePage.objects.update(first_published_at=timezone.now() - timedelta(days=35))
    return ArticlePage.objects.all()


def publish_now(slug, when=None):
    ArticlePage.objects.filter(slug=slug).update(first_published_at=when or timezone.now())
    return ArticlePage.objects.get(slug=slug)


def area(slug):
    return AreaOfInterest.objects.get(slug=slug)


def subscriber(email, *areas, frequency=Frequency.WEEKLY, user=None, **fields):
    row = Subscriber.objects.create(
        email=email,
        status=SubscriptionStatus.ACTIVE,
        confirmed_at=timezone.now() - timedelta(days=60),
        frequency=frequency,
        user=user,
        **fields,
    )
    row.areas.set([area(slug) for slug in areas])
    return row


def send_round(now=None):
    delivery.plan(now, periods=WEEKLY)
    return delivery.dispatch(now, run_here=True)[1]


def received_counts(mailbox):
    counts = {}
    for message in mailbox.messages:
        counts[message["To"]] = counts.get(message["To"], 0) + 1
    return counts


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


# What a digest holds -------------------------------------------------------------------------


def test_a_digest_lists_what_is_new_in_the_subscribers_areas_in_both_parts(articles, smtp):
    new = publish_now(MAINTENANCE_ONLY)
    elsewhere = publish_now("maia-daratumumab-rd-transplant-ineligible")
    subscriber("reader@example.org", "maintenance")

    assert send_round() == {"sent": 1}

    [message] = smtp.to("reader@example.org")
    assert message["Subject"] == "MM Hub weekly digest: 1 new article in your areas"
    text = smtp.body(message)
    html = html_of(message)
    for part in (text, html):
        assert new.title in part
        assert elsewhere.title not in part
        assert "For healthcare professionals only" in part
        assert "Sponsors have no influence" in part
        assert "https://mmhub.example/funders/" in part
        assert "https://mmhub.example/privacy/" in part
    assert f"https://mmhub.example{new.url}" in text
    # Email-safe HTML: styles inlined (no <style> block left), the logo has alt text.
    assert "<style" not in html and 'style="' in html
    assert '<img src="https://mmhub.example/static/img/mmhub-mark-72.png"' in html
    assert 'alt=""' in html and 'lang="en"' in html
    row = DigestDelivery.objects.get()
    assert (row.status, row.article_count, row.period) == ("sent", 1, WEEKLY["weekly"])
    assert message["Message-ID"] == row.message_id


def test_a_subscriber_with_no_areas_gets_everything_new_but_not_articles_for_verified_hcps(
    articles, smtp
):
    open_article = publish_now(MAINTENANCE_ONLY)
    verified_only = ArticlePage.objects.filter(verified_only=True).first()
    publish_now(verified_only.slug)
    subscriber("everything@example.org")

    send_round()

    text = smtp.body(smtp.to("everything@example.org")[0])
    assert open_article.title in text
    assert verified_only.title not in text


def test_the_next_digest_starts_where_the_last_one_ended(articles, smtp):
    first = publish_now(MAINTENANCE_ONLY, timezone.now() - timedelta(days=8))
    reader = subscriber("reader@example.org", "maintenance", "mrd")
    last_week = timezone.now() - timedelta(days=7)
    delivery.plan(last_week, periods={"weekly": digests.period_of("weekly", last_week)})
    delivery.dispatch(last_week, run_here=True)
    assert first.title in smtp.body(smtp.to(reader.email)[0])

    second = publish_now("myeloma-xi-mrd-after-asct-lenalidomide")
    send_round()

    assert len(smtp.to(reader.email)) == 2
    latest = smtp.body(smtp.to(reader.email)[1])
    assert second.title in latest
    assert first.title not in latest, "an article is announced once"


def test_nothing_new_and_nothing_to_recommend_sends_nothing(articles, smtp):
    subscriber("reader@example.org", "al-amyloidosis")

    assert send_round() == {"skipped": 1}

    assert smtp.messages == []
    assert DigestDelivery.objects.get().status == DeliveryStatus.SKIPPED


def test_account_holders_get_recommendations_as_the_site_would_rank_them(articles, smtp):
    publish_now(MAINTENANCE_ONLY)
    user = make_account("haematologist@example.org", profession="physician")
    FollowedArea.objects.create(user=user, area=area("car-t"))
    recommend.rebuild()
    subscriber(user.email, "maintenance", user=user)
    subscriber("visitor@example.org", "maintenance")

    send_round()

    expected = recommend.for_accounts([user.pk], limit=3)[user.pk]
    assert len(expected) == 3
    member_text = smtp.body(smtp.to(user.email)[0])
    assert "RECOMMENDED FOR YOU" in member_text
    for pick in expected:
        assert pick.page.title in member_text and pick.reason in member_text
    assert "RECOMMENDED FOR YOU" not in smtp.body(smtp.to("visitor@example.org")[0])


def test_building_a_batch_takes_the_same_queries_for_5_or_40_subscribers(
    articles, django_assert_max_num_queries
):
    publish_now(MAINTENANCE_ONLY)
    users = [make_account(f"hcp{n}@example.org") for n in range(40)]
    recommend.rebuild()
    recommend.load_engine()
    for n, user in enumerate(users):
        subscriber(user.email, "maintenance", "mrd", user=user if n % 2 else None)
    delivery.plan(periods=WEEKLY)
    rows = DigestDelivery.objects.select_related("subscriber").order_by("pk")

    # 17: with Wagtail i18n on, the site's root paths include the home's translations (one
    # query, then cached for every link).
    with django_assert_max_num_queries(17) as few:
        built_few = digests.build(rows[:5])
    with django_assert_max_num_queries(len(few.captured_queries)):
        built_many = digests.build(rows)
    assert len(built_few) == 5 and len(built_many) == 40
    assert all(d.new_articles for d in built_many)


# Headers and links -----------------------------------------------------------------------------


def test_one_click_unsubscribe_headers_and_the_links_they_carry(articles, smtp):
    publish_now(MAINTENANCE_ONLY)
    reader = subscriber("reader@example.org", "maintenance")

    send_round()

    [message] = smtp.to(reader.email)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https_url, mailto = [part.strip(" <>") for part in message["List-Unsubscribe"].split(",")]
    assert https_url == f"https://mmhub.example/newsletter/unsubscribe/{reader.token}/"
    assert mailto == f"mailto:unsubscribe@mmhub.example?subject=unsubscribe%20{reader.token}"
    assert message["List-Id"] == "MM Hub newsletter <newsletter.mmhub.example>"

    client = Client()  # a mail provider: no cookies, no HCP declaration
    # A link scanner's GET asks; it does not unsubscribe.
    page = client.get(urlsplit(https_url).path)
    assert page.status_code == 200
    reader.refresh_from_db()
    assert reader.status == SubscriptionStatus.ACTIVE
    # RFC 8058: the provider POSTs "List-Unsubscribe=One-Click" to the https URL.
    done = client.post(
        urlsplit(https_url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert done.status_code == 200
    reader.refresh_from_db()
    assert reader.status == SubscriptionStatus.UNSUBSCRIBED
    manage = smtp.link(message, "/newsletter/manage/")
    assert client.get(urlsplit(manage).path).status_code == 200


# Exactly once ----------------------------------------------------------------------------------


def test_running_the_round_again_sends_nothing_twice(articles, smtp):
    publish_now(MAINTENANCE_ONLY)
    for n in range(5):
        subscriber(f"reader{n}@example.org", "maintenance")

    assert send_round() == {"sent": 5}
    assert send_round() == {}
    call_command("send_digests", "--in-process", stdout=StringIO())

    assert received_counts(smtp) == {f"reader{n}@example.org": 1 for n in range(5)}
    assert DigestDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 5


class WorkerKilled(BaseException):
    """Stands for the worker process dying: nothing in the sending code may catch it."""


def crashing_backend(after, before_handing_over):
    """An SMTP backend whose worker 'dies' on message number `after` + 1 or just after `after`."""

    class Backend(EmailBackend):
        sent = 0

        def send_messages(self, messages):
            if before_handing_over and Backend.sent == after:
                raise WorkerKilled
            result = super().send_messages(messages)
            Backend.sent += 1
            if not before_handing_over and Backend.sent == after:
                raise WorkerKilled  # the server took it; the worker died before recording so
            return result

    return Backend


@pytest.mark.parametrize("before_handing_over", [False, True])
def test_a_worker_dying_mid_batch_and_a_rerun_send_each_digest_at_most_once(
    articles, smtp, settings, monkeypatch, before_handing_over
):
    publish_now(MAINTENANCE_ONLY)
    readers = [subscriber(f"reader{n:02}@example.org", "maintenance").email for n in range(12)]
    backend = crashing_backend(after=5, before_handing_over=before_handing_over)
    monkeypatch.setattr("mmhub.newsletter.delivery.get_connection", lambda: backend())

    with pytest.raises(WorkerKilled):
        send_round()
    assert len(smtp.messages) == 5

    monkeypatch.undo()
    # Re-run at once: nothing moves, the batch may still be with a live worker.
    assert send_round() == {}
    # After the lease the batch is known to be orphaned: the rest of it is sent, and the digest
    # that was being handed over is marked uncertain, never resent.
    later = timezone.now() + timedelta(seconds=settings.NEWSLETTER_SENDING_LEASE + 1)
    report = delivery.run_round(later, run_here=True)
    assert report.interrupted == 1
    assert report.outcomes == {"sent": 12 - 5 - (1 if before_handing_over else 0)}
    assert delivery.run_round(later + timedelta(hours=1), run_here=True).outcomes == {}

    counts = received_counts(smtp)
    assert max(counts.values()) == 1, "nobody gets a digest twice"
    [uncertain] = DigestDelivery.objects.filter(status=DeliveryStatus.UNCERTAIN)
    assert uncertain.message_id and "not resent" in uncertain.last_error
    got_it = uncertain.subscriber.email in counts
    # Died after the server took it: the reader has it. Died before: nobody has it, and the
    # operator sees it as uncertain (its Message-ID is not in the mail server's log).
    assert got_it is not before_handing_over
    assert len(counts) == (12 if got_it else 11)
    assert set(counts) <= set(readers)


def test_a_temporary_refusal_is_retried_with_back_off_and_sent_once(articles, smtp, settings):
    publish_now(MAINTENANCE_ONLY)
    subscriber("busy@example.org", "maintenance")
    subscriber("fine@example.org", "maintenance")
    smtp.refusals["busy@example.org"] = ["451 4.3.0 Mailbox busy, try later"] * 2
    start = timezone.now()

    assert send_round(start) == {"sent": 1, "retry": 1}
    row = DigestDelivery.objects.get(subscriber__email="busy@example.org")
    assert row.status == DeliveryStatus.QUEUED and row.attempts == 1
    assert "451" in row.last_error
    first_wait = row.next_attempt_at - start
    base = settings.NEWSLETTER_RETRY_BASE_SECONDS
    assert timedelta(seconds=base) <= first_wait < timedelta(seconds=base + 30)

    assert send_round(start + timedelta(seconds=base / 2)) == {}, "not before its time"
    assert send_round(row.next_attempt_at) == {"retry": 1}
    row.refresh_from_db()
    second_wait = row.next_attempt_at - timezone.now()
    assert second_wait > timedelta(seconds=2 * base - 30), "the wait doubles"
    assert send_round(row.next_attempt_at) == {"sent": 1}

    assert received_counts(smtp) == {"busy@example.org": 1, "fine@example.org": 1}
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.SENT, 3, "")


def test_a_permanent_refusal_is_not_retried(articles, smtp):
    publish_now(MAINTENANCE_ONLY)
    subscriber("gone@example.org", "maintenance")
    smtp.refusals["gone@example.org"] = ["550 5.1.1 No such user"]

    assert send_round() == {"failed": 1}
    later = timezone.now() + timedelta(days=1)
    assert delivery.run_round(later, run_here=True).outcomes == {}
    row = DigestDelivery.objects.get()
    assert row.status == DeliveryStatus.FAILED and "550" in row.last_error
    assert smtp.messages == []


def test_a_mail_server_that_is_down_leaves_the_digests_queued_for_later(articles, smtp, settings):
    publish_now(MAINTENANCE_ONLY)
    subscriber("reader@example.org", "maintenance")
    settings.EMAIL_PORT = free_port()  # nothing listens there

    assert send_round() == {"retry": 1}
    row = DigestDelivery.objects.get()
    assert row.status == DeliveryStatus.QUEUED and "Connection" in row.last_error


class GoingDown(ReceivedMail):
    """An SMTP server that takes `serve` messages, then shuts down in the middle of the batch:
    it answers 421 (closing) to the next one and stops listening."""

    def __init__(self, serve):
        super().__init__()
        self.serve, self.controller, self.stopping = serve, None, None

    async def handle_DATA(self, server, session, envelope):
        if len(self.messages) < self.serve:
            return await super().handle_DATA(server, session, envelope)
        # Stopped from another thread: Controller.stop() waits for this loop to finish.
        if self.stopping is None:
            self.stopping = threading.Thread(target=self.controller.stop)
            self.stopping.start()
        return "421 4.3.2 Service shutting down, closing transmission channel"


def test_a_mail_server_going_down_mid_batch_and_coming_back_sends_everyone_one_digest(
    articles, settings
):
    from aiosmtpd.controller import Controller

    settings.WAGTAILADMIN_BASE_URL = "https://mmhub.example"
    publish_now(MAINTENANCE_ONLY)
    readers = {subscriber(f"reader{n:02}@example.org", "maintenance").email for n in range(12)}
    port = free_port()
    first = GoingDown(serve=5)
    first.controller = Controller(first, hostname="127.0.0.1", port=port)
    first.controller.start()
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    start = timezone.now()

    assert send_round(start) == {"sent": 5, "retry": 7}
    waiting = DigestDelivery.objects.filter(status=DeliveryStatus.QUEUED)
    assert waiting.count() == 7
    base = timedelta(seconds=settings.NEWSLETTER_RETRY_BASE_SECONDS)
    assert all(row.next_attempt_at - start >= base for row in waiting), "retried after a wait"
    assert send_round(start + base / 2) == {}, "not before the back-off"
    first.stopping.join(timeout=10)  # it went down during the batch, and stays down
    second_try = max(row.next_attempt_at for row in waiting)
    assert send_round(second_try) == {"retry": 7}  # still down: nothing listens on the port

    back = ReceivedMail()  # the same address, started again
    controller = Controller(back, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        third_try = max(row.next_attempt_at for row in waiting.all())
        # Waits count from when an attempt failed (now, in real time): the second one doubles.
        assert third_try - timezone.now() >= 2 * base - timedelta(seconds=30), "the wait doubles"
        assert send_round(third_try) == {"sent": 7}
        assert send_round(third_try + timedelta(days=1)) == {}
    finally:
        controller.stop()

    received = [message["To"] for message in first.messages + back.messages]
    assert sorted(received) == sorted(readers), "every subscriber got exactly one digest"
    assert set(DigestDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_subscriber_who_leaves_after_planning_gets_nothing(articles, smtp):
    publish_now(MAINTENANCE_ONLY)
    leaving = subscriber("leaving@example.org", "maintenance")
    pausing = subscriber("pausing@example.org", "maintenance")
    delivery.plan(periods=WEEKLY)
    Subscriber.objects.filter(pk=leaving.pk).update(status=SubscriptionStatus.UNSUBSCRIBED)
    Subscriber.objects.filter(pk=pausing.pk).update(paused=True)

    assert delivery.dispatch(run_here=True)[1] == {"skipped": 2}
    assert smtp.messages == []


def test_only_active_unpaused_subscribers_are_planned(articles):
    subscriber("active@example.org")
    subscriber("paused@example.org", paused=True)
    subscriber("monthly@example.org", frequency=Frequency.MONTHLY)
    Subscriber.objects.create(email="pending@example.org")

    planned = delivery.plan(periods=WEEKLY)

    assert planned == {WEEKLY["weekly"]: 1}
    assert delivery.plan(periods=WEEKLY) == {WEEKLY["weekly"]: 0}
    assert list(DigestDelivery.objects.values_list("subscriber__email", flat=True)) == [
        "active@example.org"
    ]


def test_digests_are_due_from_the_configured_day_and_hour(settings):
    settings.NEWSLETTER_WEEKLY_DAY = 2  # Tuesday
    settings.NEWSLETTER_SEND_HOUR = 7
    monday = timezone.make_aware(timezone.datetime(2026, 11, 23, 12, 0))
    tuesday_early = monday + timedelta(hours=18)  # 06:00
    tuesday = monday + timedelta(hours=19)

    assert delivery.due_periods(monday) == {"monthly": "2026-11"}
    assert delivery.due_periods(tuesday_early) == {"monthly": "2026-11"}
    assert delivery.due_periods(tuesday) == {"weekly": "2026-W48", "monthly": "2026-11"}
    first_of_month_early = timezone.make_aware(timezone.datetime(2026, 12, 1, 6, 59))
    assert "monthly" not in delivery.due_periods(first_of_month_early)


def test_the_command_reports_what_it_did_and_refuses_a_bad_interval(articles, smtp):
    publish_now(MAINTENANCE_ONLY)
    subscriber("reader@example.org", "maintenance")
    out = StringIO()

    call_command("send_digests", "--in-process", stdout=out)

    assert "sent: 1" in out.getvalue()
    with pytest.raises(CommandError, match="at least 1 second"):
        call_command("send_digests", "--loop", "--interval", "0")


def test_a_smtp_refusal_code_decides_between_retry_and_failure():
    refused = smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")})
    busy = smtplib.SMTPRecipientsRefused({"a@example.org": (452, b"Mailbox full")})
    assert delivery.is_permanent(refused)
    assert not delivery.is_permanent(busy)
    assert delivery.is_permanent(smtplib.SMTPDataError(554, b"Rejected as spam"))
    assert not delivery.is_permanent(smtplib.SMTPServerDisconnected("gone"))
