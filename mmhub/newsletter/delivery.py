"""Sending digests: plan one delivery per (subscriber, period), hand batches to workers, send each once.

The order of a round (`manage.py send_digests`, or its `--loop`):

1. `expire_interrupted`: a delivery left SENDING by a worker that died becomes UNCERTAIN. It is
   never resent, because the mail server may have taken it before the worker died.
2. `plan`: every active subscriber whose period is due gets a QUEUED `DigestDelivery` row. The
   unique (subscriber, period) constraint makes planning idempotent, even between concurrent
   planners.
3. `dispatch`: QUEUED rows go to the workers in batches (a `django.tasks` task per batch).
4. `send_batch`, in a worker: build the batch's digests, then for each one
   - claim it (QUEUED -> SENDING, a conditional update that only one worker can win),
   - hand it to the mail server,
   - mark it SENT.

   A transport error means the server did not take the message (RFC 5321: it is responsible for
   a message only once it has answered the data with 250). The delivery goes back to QUEUED with
   an exponential back-off, and fails for good after `NEWSLETTER_MAX_ATTEMPTS`, or at once on a
   permanent (5xx) refusal of the recipient or the message.
"""

import contextlib
import logging
import smtplib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Count, F, Q
from django.utils import timezone

from . import digests, emails
from .models import DeliveryStatus, DigestDelivery, Frequency, Subscriber, SubscriptionStatus

logger = logging.getLogger("mmhub.newsletter")

PLAN_CHUNK = 2000


@dataclass
class RoundReport:
    interrupted: int = 0
    planned: dict = field(default_factory=dict)  # period -> new deliveries
    batches: int = 0
    outcomes: Counter = field(default_factory=Counter)  # from batches run in this process

    def summary(self):
        planned = ", ".join(f"{n} for {period}" for period, n in self.planned.items()) or "none"
        parts = [f"planned {planned}", f"{self.batches} batch(es) dispatched"]
        if self.interrupted:
            parts.append(f"{self.interrupted} interrupted mid-send marked uncertain (not resent)")
        if self.outcomes:
            parts.append(", ".join(f"{k}: {v}" for k, v in sorted(self.outcomes.items())))
        return "; ".join(parts)


def due_periods(now=None):
    """{frequency: period} for the digests whose sending time in the current period has come."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    hour = time(settings.NEWSLETTER_SEND_HOUR)
    monday = local.date() - timedelta(days=local.isoweekday() - 1)
    weekly_day = monday + timedelta(days=settings.NEWSLETTER_WEEKLY_DAY - 1)
    moments = {
        Frequency.WEEKLY: datetime.combine(weekly_day, hour),
        Frequency.MONTHLY: datetime.combine(local.date().replace(day=1), hour),
    }
    return {
        frequency: digests.period_of(frequency, now)
        for frequency, moment in moments.items()
        if local >= timezone.make_aware(moment, local.tzinfo)
    }


def expire_interrupted(now=None):
    """SENDING rows older than the lease: their worker died mid-send. Mark them, never resend."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.NEWSLETTER_SENDING_LEASE)
    count = DigestDelivery.objects.filter(
        status=DeliveryStatus.SENDING, sending_since__lt=now - lease
    ).update(
        status=DeliveryStatus.UNCERTAIN,
        last_error=(
            "The worker stopped while handing this digest to the mail server, so it may or may "
            "not have gone out. It is not resent; look for its Message-ID in the mail server's "
            "log."
        ),
    )
    if count:
        logger.warning("%d digest deliveries were interrupted mid-send; marked uncertain", count)
    return count


def plan(now=None, periods=None):
    """A QUEUED delivery for every active, unpaused subscriber due in each period; {period: n}."""
    now = now or timezone.now()
    periods = due_periods(now) if periods is None else periods
    planned = {}
    for frequency, period in periods.items():
        due = (
            Subscriber.objects.filter(
                status=SubscriptionStatus.ACTIVE, paused=False, frequency=frequency
            )
            .exclude(deliveries__period=period)
            .only("id", "frequency")
            .order_by("pk")
        )
        before = DigestDelivery.objects.filter(period=period).count()
        chunk = []
        for subscriber in due.iterator(chunk_size=PLAN_CHUNK):
            chunk.append(subscriber)
            if len(chunk) == PLAN_CHUNK:
                _queue(chunk, period, now)
                chunk = []
        if chunk:
            _queue(chunk, period, now)
        # Counted, not summed: rows a concurrent planner inserted first were not ours.
        planned[period] = DigestDelivery.objects.filter(period=period).count() - before
    return planned


def _queue(subscribers, period, now):
    starts = digests.covers_from(subscribers, now)
    rows = [
        DigestDelivery(
            subscriber=subscriber,
            period=period,
            covers_from=starts[subscriber.pk],
            covers_until=now,
        )
        for subscriber in subscribers
    ]
    # A concurrent planner may have queued some of these: the unique constraint keeps one each.
    DigestDelivery.objects.bulk_create(rows, ignore_conflicts=True)


def dispatch(now=None, run_here=False):
    """Hand QUEUED deliveries to the workers in batches; returns (batches, outcomes if run here).

    A dispatched row is not handed out again for one lease, unless it is retried sooner after an
    error: a batch lost with its worker before it started is dispatched again after the lease.
    """
    from .tasks import send_digest_batch

    now = now or timezone.now()
    lease = timedelta(seconds=settings.NEWSLETTER_SENDING_LEASE)
    ready = DigestDelivery.objects.filter(status=DeliveryStatus.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    ids = list(ready.order_by("pk").values_list("pk", flat=True))
    size = settings.NEWSLETTER_BATCH_SIZE
    outcomes = Counter()
    batches = 0
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        DigestDelivery.objects.filter(pk__in=batch, status=DeliveryStatus.QUEUED).update(
            next_attempt_at=now + lease
        )
        if run_here:
            outcomes.update(send_batch(batch))
        else:
            send_digest_batch.enqueue(batch)
        batches += 1
    return batches, outcomes


def run_round(now=None, run_here=False):
    """One round of the periodic sender: expire, plan, dispatch."""
    report = RoundReport()
    report.interrupted = expire_interrupted(now)
    report.planned = plan(now)
    report.batches, report.outcomes = dispatch(now, run_here=run_here)
    return report


# In the worker -------------------------------------------------------------------------------


def send_batch(delivery_ids):
    """Send the still-QUEUED deliveries among these ids; a Counter of what happened."""
    from mmhub.content.context_processors import site_links

    outcomes = Counter()
    rows = list(
        DigestDelivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.QUEUED)
        .select_related("subscriber")
        .order_by("pk")
    )
    wanted = []
    for row in rows:
        if row.subscriber.is_active and not row.subscriber.paused:
            wanted.append(row)
        elif _move(row, DeliveryStatus.QUEUED, DeliveryStatus.SKIPPED):
            outcomes["skipped"] += 1  # unsubscribed or paused since it was planned
    links = site_links(None)["site_links"]
    connection = get_connection()  # one connection for the batch, reopened after an error
    try:
        for digest in digests.build(wanted):
            outcomes[_send_one(digest, links, connection)] += 1
    finally:
        _close(connection)
    return outcomes


def _send_one(digest, links, connection):
    delivery = digest.delivery
    if digest.is_empty:
        return (
            "skipped" if _move(delivery, DeliveryStatus.QUEUED, DeliveryStatus.SKIPPED) else "taken"
        )
    message = emails.digest_message(digest, links, connection)
    if not _claim(delivery, message.extra_headers["Message-ID"]):
        return "taken"  # another worker has it
    try:
        connection.open()  # a no-op while the connection is open
        message.send()
    except Exception as error:  # noqa: BLE001 - whatever the transport raised, the server did not take it
        _close(connection)
        return _after_failure(delivery, error)
    DigestDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        article_count=len(digest.new_articles) + digest.more_new,
        recommended_count=len(digest.recommended),
        last_error="",
    )
    return "sent"


def _move(delivery, from_status, to_status):
    return bool(
        DigestDelivery.objects.filter(pk=delivery.pk, status=from_status).update(status=to_status)
    )


def _claim(delivery, message_id):
    return bool(
        DigestDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.SENDING,
            sending_since=timezone.now(),
            attempts=F("attempts") + 1,
            message_id=message_id,
        )
    )


def _close(connection):
    with contextlib.suppress(Exception):
        connection.close()


def is_permanent(error):
    """A 5xx refusal of this recipient or this message: sending it again cannot succeed."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def retry_delay(attempts):
    """Exponential back-off: the base delay, doubled after each failed attempt."""
    return timedelta(seconds=settings.NEWSLETTER_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def _after_failure(delivery, error):
    attempts = delivery.attempts + 1  # the claim counted this attempt in the database
    description = f"{type(error).__name__}: {error}"[:1000]
    if is_permanent(error) or attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
        DigestDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.FAILED, last_error=description
        )
        logger.warning("Digest %s failed for good: %s", delivery.pk, description)
        return "failed"
    DigestDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.QUEUED,
        next_attempt_at=timezone.now() + retry_delay(attempts),
        sending_since=None,
        last_error=description,
    )
    logger.info("Digest %s will be retried (attempt %d): %s", delivery.pk, attempts, description)
    return "retry"


def status_counts(period=None):
    """{status: n}, for one period or all: what the admin and the command report."""
    rows = DigestDelivery.objects.all()
    if period:
        rows = rows.filter(period=period)
    counts = rows.order_by().values_list("status").annotate(n=Count("pk"))
    return dict(counts)
