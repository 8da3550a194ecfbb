"""What goes into a subscriber's digest: new articles in their areas and, for accounts, picks.

Digests are built for a batch of deliveries at once with a fixed number of queries (subscribers,
their areas, verified accounts, the new articles, recommendations), however big the batch.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from mmhub.accounts.emails import absolute_url
from mmhub.accounts.models import HcpProfile, VerificationStatus
from mmhub.content.models import AreaOfInterest, article_cards, source_articles

from .models import DeliveryStatus, DigestDelivery, Frequency, Subscriber

# A first digest (or one after a long pause) looks back this far, and no further.
LOOK_BACK = {Frequency.WEEKLY: timedelta(days=7), Frequency.MONTHLY: timedelta(days=31)}
MAX_NEW_ARTICLES = 10
RECOMMENDED = 3


def period_of(frequency, moment=None):
    """The period a digest belongs to: ISO week ("2026-W48") or month ("2026-11")."""
    local = timezone.localtime(moment or timezone.now())
    if frequency == Frequency.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local.year}-{local.month:02d}"


@dataclass
class Digest:
    subscriber: Subscriber
    delivery: DigestDelivery | None
    covers_from: object
    covers_until: object
    new_articles: list = field(default_factory=list)
    more_new: int = 0  # new articles in the reader's areas beyond MAX_NEW_ARTICLES
    recommended: list = field(default_factory=list)  # personal.recommend.RecommendedArticle
    areas_label: str = ""  # "Diagnosis and Relapsed disease"; empty when every area is wanted

    @property
    def is_empty(self):
        return not self.new_articles and not self.recommended


def covers_from(subscribers, now):
    """Where each subscriber's next digest starts: the end of their last sent digest, but no
    further back than one period (a first digest, or the first after a long pause)."""
    last_sent = dict(
        DigestDelivery.objects.filter(subscriber__in=subscribers, status=DeliveryStatus.SENT)
        .order_by()
        .values_list("subscriber_id")
        .annotate(until=Max("covers_until"))
    )
    starts = {}
    for subscriber in subscribers:
        floor = now - LOOK_BACK[subscriber.frequency]
        last = last_sent.get(subscriber.pk)
        starts[subscriber.pk] = max(last, floor) if last else floor
    return starts


def build(deliveries, areas=None):
    """A Digest for each delivery (DigestDelivery rows with their subscriber selected).

    `areas` ({subscriber pk: area ids}) replaces the stored choices, for a preview."""
    deliveries = list(deliveries)
    if not deliveries:
        return []
    subscribers = [delivery.subscriber for delivery in deliveries]
    areas = _areas_of(subscribers) if areas is None else areas
    verified = _verified_user_ids(subscribers)
    articles = _new_articles(min(d.covers_from for d in deliveries))
    recommended = _recommendations(subscribers, verified)
    names = dict(AreaOfInterest.objects.values_list("pk", "name"))
    digests = []
    for delivery in deliveries:
        subscriber = delivery.subscriber
        digest = Digest(subscriber, delivery, delivery.covers_from, delivery.covers_until)
        chosen = areas.get(subscriber.pk, set())
        _fill(digest, articles, chosen, subscriber.user_id in verified)
        digest.areas_label = _label(sorted(names[pk] for pk in chosen if pk in names))
        shown = {page.pk for page in digest.new_articles}
        picks = recommended.get(subscriber.user_id, []) if subscriber.user_id else []
        digest.recommended = [pick for pick in picks if pick.page.pk not in shown][:RECOMMENDED]
        digests.append(digest)
    return digests


def preview(subscriber, area_ids, now=None):
    """The digest `subscriber` (saved or not) would get now, in these areas: the editors' preview."""
    now = now or timezone.now()
    delivery = DigestDelivery(
        subscriber=subscriber,
        period=period_of(subscriber.frequency, now),
        covers_from=now - LOOK_BACK[subscriber.frequency],
        covers_until=now,
    )
    return build([delivery], areas={subscriber.pk: set(area_ids)})[0]


def _label(names):
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _fill(digest, articles, area_ids, verified):
    """New articles in the subscriber's areas (all areas if they chose none), newest first."""
    matching = [
        article
        for article in articles
        if digest.covers_from < article.first_published_at <= digest.covers_until
        and (not area_ids or article.area_ids & area_ids)
        and (verified or not article.verified_only)
    ]
    # Newest on the site first; shown newest by its editorial date, so the list reads in order.
    shown = matching[:MAX_NEW_ARTICLES]
    shown.sort(key=lambda article: (article.publication_date, article.pk), reverse=True)
    digest.new_articles = shown
    digest.more_new = len(matching) - len(digest.new_articles)


def _areas_of(subscribers):
    areas = {}
    through = Subscriber.areas.through.objects.filter(subscriber__in=subscribers)
    for subscriber_id, area_id in through.values_list("subscriber_id", "areaofinterest_id"):
        areas.setdefault(subscriber_id, set()).add(area_id)
    return areas


def _verified_user_ids(subscribers):
    user_ids = [s.user_id for s in subscribers if s.user_id]
    if not user_ids:
        return set()
    verified = HcpProfile.objects.filter(
        user_id__in=user_ids, verification_status=VerificationStatus.VERIFIED
    )
    return set(verified.values_list("user_id", flat=True))


def _new_articles(since):
    """Live public articles first published after `since`, newest first, with area ids and URLs."""
    new = source_articles().filter(first_published_at__gt=since)
    articles = list(article_cards(new).order_by("-first_published_at", "-pk"))
    for article in articles:
        article.area_ids = {area.pk for area in article.areas.all()}
        article.area_names = [area.name for area in article.areas.all()]
        article.absolute_url = absolute_url(article.get_url(request=None))
    return articles


def _recommendations(subscribers, verified):
    from mmhub.personal.recommend import for_accounts

    user_ids = [s.user_id for s in subscribers if s.user_id]
    picks = for_accounts(user_ids, limit=RECOMMENDED + MAX_NEW_ARTICLES, verified_user_ids=verified)
    for chosen in picks.values():
        for pick in chosen:
            pick.page.absolute_url = absolute_url(pick.page.get_url(request=None))
    return picks
