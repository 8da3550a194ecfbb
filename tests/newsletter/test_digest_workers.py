"""Digests sent by real workers: an RQ worker on Redis, and a sender process killed mid-batch."""

import os
import signal
import subprocess
import time

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus

from mmhub.content.models import ArticlePage
from mmhub.newsletter import delivery, digests
from mmhub.newsletter.models import DeliveryStatus, DigestDelivery, Subscriber, SubscriptionStatus
from tests.conftest import REPO, ReceivedMail, free_port, manage_command, needs_redis

needs_postgresql = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="another process cannot open the suite's in-memory SQLite database; "
    "CI runs this test against PostgreSQL",
)


def subscribers(count):
    rows = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{n:03}@example.org",
            status=SubscriptionStatus.ACTIVE,
            confirmed_at=timezone.now(),
        )
        for n in range(count)
    )
    return [row.email for row in rows]


@needs_redis
def test_digest_batches_queued_on_redis_are_sent_by_an_rq_worker(
    demo_site, rq_tasks, smtp_server, settings
):
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    settings.NEWSLETTER_BATCH_SIZE = 4
    readers = subscribers(10)
    period = digests.period_of("weekly")
    delivery.plan(periods={"weekly": period})

    batches, _ = delivery.dispatch()

    assert batches == 3
    assert django_rq.get_queue("default").count == 3
    assert smtp_server.messages == [], "nothing is sent before a worker takes the batches"
    # In this process (SimpleWorker), so the jobs see the test's database transaction.
    worker = django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker)
    assert worker.work(burst=True)

    assert sorted(message["To"] for message in smtp_server.messages) == readers
    assert DigestDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 10
    job_ids = django_rq.get_queue("default").finished_job_registry.get_job_ids()
    assert len(job_ids) == 3
    results = [rq_tasks.get_result(job_id) for job_id in job_ids]
    assert {result.status for result in results} == {TaskResultStatus.SUCCESSFUL}
    assert sum(result.return_value["sent"] for result in results) == 10


class KillingMail(ReceivedMail):
    """Kills the sending process the moment the Nth message has arrived, before answering it:
    the worker dies with the message handed over but its delivery not yet marked sent."""

    def __init__(self, kill_at):
        super().__init__()
        self.kill_at = kill_at
        self.sender_pid = None

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.messages) == self.kill_at and self.sender_pid:
            os.kill(self.sender_pid, signal.SIGKILL)
        return answer


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_sender_killed_mid_batch_then_run_again_sends_every_digest_once(demo_site):
    from aiosmtpd.controller import Controller

    ArticlePage.objects.update(first_published_at=timezone.now())
    readers = subscribers(30)
    mailbox = KillingMail(kill_at=10)
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(controller.port),
        "NEWSLETTER_SENDING_LEASE": "2",
        "NEWSLETTER_WEEKLY_DAY": "1",
        "NEWSLETTER_SEND_HOUR": "0",
    }
    try:
        command, process_env = manage_command("send_digests", "--in-process", env=env)
        # The test settings keep mail in memory; the sender must use SMTP, as in production.
        process_env["DJANGO_SETTINGS_MODULE"] = "mmhub.settings.dev"
        sender = subprocess.Popen(command, cwd=REPO, env=process_env)  # noqa: S603
        mailbox.sender_pid = sender.pid
        assert sender.wait(timeout=300) == -signal.SIGKILL
        assert len(mailbox.messages) == 10

        time.sleep(2.5)  # the lease passes: the dead sender's batch is orphaned
        rerun = subprocess.run(  # noqa: S603
            command, cwd=REPO, env=process_env, capture_output=True, text=True, timeout=300
        )
        assert rerun.returncode == 0, rerun.stderr
        assert "1 interrupted mid-send marked uncertain" in rerun.stdout
    finally:
        controller.stop()

    per_reader = {}
    for message in mailbox.messages:
        per_reader[message["To"]] = per_reader.get(message["To"], 0) + 1
    assert per_reader == {reader: 1 for reader in readers}
    statuses = dict(delivery.status_counts())
    assert statuses == {DeliveryStatus.SENT: 29, DeliveryStatus.UNCERTAIN: 1}
