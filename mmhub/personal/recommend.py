"""Recommendations for a reader: the engine (`recsys`, plain Python) fed from the database.

- `rebuild()` fits a new model from every live article and the interactions of readers who have
  personalisation on, stores it as a `RecommenderSnapshot` (no pickle) and writes each article's
  `ContentVector`. Run it from `manage.py refresh_recommendations` (nightly) or as a task.
- Publishing an article runs `refresh_content_vector` as a background task: the article is
  encoded with the current model's encoder, without refitting anything.
- At request time `for_reader()` loads the current model once per process and version. The version
  lives in the shared cache, so every process and machine switches to a new snapshot or an
  updated vector within `VERSION_TTL` seconds, or at once where the cache is shared (Redis).
"""

import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from mmhub.accounts.access import can_read_verified_only
from mmhub.accounts.models import HcpProfile
from mmhub.content.models import (
    AreaOfInterest,
    ArticlePage,
    article_cards,
    readable_cards,
    source_articles,
)
from mmhub.memo import ProcessMemo

from . import audience, recsys, services
from .models import (
    ArticleRead,
    Bookmark,
    ContentVector,
    FollowedArea,
    PersonalSettings,
    RecommenderSnapshot,
)

logger = logging.getLogger("mmhub.personal")

VERSION_KEY = "personal:recommender-version"
VERSION_TTL = 60
HISTORY_DAYS = 365  # interactions older than this do not train the model
SNAPSHOTS_KEPT = 2
# A few more than shown: an article unpublished since the model was loaded is dropped at the end.
SPARE = 3
_lock = threading.Lock()
_loaded = {"version": None, "engine": None}


@dataclass
class RecommendedArticle:
    page: ArticlePage
    reason: str


@dataclass
class Engine:
    model: object
    index_of: dict  # page id -> item index
    area_index: dict  # area id -> area index
    verified_only: np.ndarray  # item indices of "verified HCPs only" articles
    snapshot_id: int


def as_day(now=None):
    """Days since 1970-01-01 (the engine's time unit) of a moment, by default now."""
    return (now or timezone.now()).timestamp() / 86400.0


def _date_day(value):
    return float((value - value.__class__(1970, 1, 1)).days)


def article_text(page):
    """Title, standfirst and the searchable text of the body: what the content signal reads."""
    body = page.body.stream_block.get_searchable_content(page.body)
    return "\n".join([page.title, page.standfirst, *body])


# Building -----------------------------------------------------------------------------------


def catalogue_from_db():
    """Every live, public article (verified-only ones too: readers are filtered at request time)."""
    pages = list(source_articles().order_by("pk"))
    areas = list(AreaOfInterest.objects.all())
    area_index = {area.pk: index for index, area in enumerate(areas)}
    item_index = {page.pk: index for index, page in enumerate(pages)}
    links = ArticlePage.areas.through.objects.filter(articlepage_id__in=item_index).values_list(
        "articlepage_id", "areaofinterest_id"
    )
    rows, cols = [], []
    # The main area is the article's first in the editors' order, i.e. its lowest area index.
    primary = np.full(len(pages), len(areas), dtype=np.int32)
    for page_id, area_id in links:
        row, col = item_index[page_id], area_index[area_id]
        rows.append(row)
        cols.append(col)
        primary[row] = min(primary[row], col)
    primary[primary == len(areas)] = -1
    item_areas = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(pages), len(areas))
    )
    return recsys.Catalogue(
        item_ids=np.array([page.pk for page in pages], dtype=np.int64),
        texts=[article_text(page) for page in pages],
        titles=[page.title for page in pages],
        item_areas=item_areas,
        primary_area=primary,
        published_day=np.array([_date_day(page.publication_date) for page in pages]),
        area_ids=np.array([area.pk for area in areas], dtype=np.int64),
        area_names=[area.name for area in areas],
    )


def interactions_from_db(catalogue, now):
    """Bookmarks (weight 3) and reads (weight 1) of the last year, of readers with personalisation on."""
    item_index = {int(page_id): index for index, page_id in enumerate(catalogue.item_ids)}
    since = now - timezone.timedelta(days=HISTORY_DAYS)
    opted_out = PersonalSettings.objects.filter(personalised=False).values("user_id")
    events = []
    bookmarks = Bookmark.objects.filter(created_at__gte=since).exclude(user_id__in=opted_out)
    for user_id, page_id, when in bookmarks.values_list("user_id", "page_id", "created_at"):
        events.append((user_id, page_id, as_day(when), recsys.BOOKMARK_WEIGHT))
    reads = ArticleRead.objects.filter(last_read_at__gte=since).exclude(user_id__in=opted_out)
    for user_id, page_id, when in reads.values_list("user_id", "page_id", "last_read_at"):
        events.append((user_id, page_id, as_day(when), recsys.READ_WEIGHT))
    events = [event for event in events if event[1] in item_index]
    events.sort(key=lambda event: event[2])
    user_ids = sorted({event[0] for event in events})
    user_index = {user_id: index for index, user_id in enumerate(user_ids)}
    groups = np.full(len(user_ids), audience.UNKNOWN, dtype=np.int32)
    profiles = HcpProfile.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "profession", "specialty"
    )
    for user_id, profession, specialty in profiles:
        groups[user_index[user_id]] = audience.group_of(profession, specialty)
    return recsys.Interactions(
        user_idx=np.array([user_index[event[0]] for event in events], dtype=np.int32),
        item_idx=np.array([item_index[event[1]] for event in events], dtype=np.int32),
        day=np.array([event[2] for event in events], dtype=np.float64),
        weight=np.array([event[3] for event in events], dtype=np.float32),
        user_group=groups,
        group_names=list(audience.GROUPS),
    )


def rebuild(encoder=None):
    """Fit a new model from the database and make it current. Returns the snapshot."""
    started = time.perf_counter()
    now = timezone.now()
    catalogue = catalogue_from_db()
    if len(catalogue.item_ids) == 0:
        logger.info("No live articles: no recommender built")
        return None
    interactions = interactions_from_db(catalogue, now)
    config = recsys.RecConfig(encoder=encoder or settings.RECOMMENDER_ENCODER)
    model = recsys.build_model(catalogue, interactions, now_day=as_day(now), config=config)
    seconds = time.perf_counter() - started
    with transaction.atomic():
        snapshot = RecommenderSnapshot.objects.create(
            model=model.to_bytes(),
            encoder=config.encoder,
            items=len(catalogue.item_ids),
            users=len(interactions.user_group),
            interactions=len(interactions.item_idx),
            build_seconds=seconds,
            created_at=now,
        )
        vectors = model.item_vectors
        ContentVector.objects.filter(page_id__in=catalogue.item_ids.tolist()).delete()
        ContentVector.objects.bulk_create(
            [
                ContentVector(
                    page_id=int(page_id),
                    vector=_vector_bytes(vectors[index]),
                    encoder=config.encoder,
                    snapshot=snapshot,
                    updated_at=now,
                )
                for index, page_id in enumerate(catalogue.item_ids)
            ],
            batch_size=1000,
        )
        stale = RecommenderSnapshot.objects.order_by("-created_at", "-pk")[SNAPSHOTS_KEPT:]
        RecommenderSnapshot.objects.filter(pk__in=[old.pk for old in stale]).delete()
    transaction.on_commit(forget_loaded_model)
    logger.info(
        "Recommender rebuilt: %d articles, %d readers, %d interactions in %.1f s",
        snapshot.items,
        snapshot.users,
        snapshot.interactions,
        seconds,
    )
    return snapshot


def _vector_bytes(vector):
    return np.asarray(vector, dtype="<f4").tobytes()


def refresh_content_vector(page_id):
    """A published article gets its content vector from the current encoder (no refit)."""
    snapshot = RecommenderSnapshot.objects.order_by("-created_at", "-pk").defer("model").first()
    if snapshot is None:
        return "built" if rebuild() else "no articles"
    page = source_articles().filter(pk=page_id).first()
    if page is None:
        forget_loaded_model()
        return "not live"
    engine = load_engine()
    if engine is not None and engine.snapshot_id == snapshot.pk:
        model = engine.model  # this process already decoded the current snapshot
    else:
        model = recsys.RecModel.from_bytes(bytes(snapshot.model))
    vector = model.encode_texts([article_text(page)])[0]
    ContentVector.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "vector": _vector_bytes(vector),
            "encoder": snapshot.encoder,
            "snapshot": snapshot,
            "updated_at": timezone.now(),
        },
    )
    forget_loaded_model()
    return "refreshed"


# Loading ------------------------------------------------------------------------------------


_version_memo = ProcessMemo(5)


def current_version():
    """The recommender's version: kept in the shared cache, and for 5 s in each process."""
    return _version_memo.get(_current_version)


def _current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        snapshot_id = (
            RecommenderSnapshot.objects.order_by("-created_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        newest_vector = ContentVector.objects.aggregate(newest=Max("updated_at"))["newest"]
        version = f"{snapshot_id}:{newest_vector.isoformat() if newest_vector else ''}"
        cache.set(VERSION_KEY, version, VERSION_TTL)
    return version


def forget_loaded_model():
    """Make every process reload the model on its next recommendation (within 5 s)."""
    cache.delete(VERSION_KEY)
    _version_memo.forget()


def load_engine():
    version = current_version()
    if version.startswith("None:"):
        return None
    if _loaded["version"] == version:
        return _loaded["engine"]
    with _lock:
        if _loaded["version"] != version:
            _loaded["engine"] = _load(version)
            _loaded["version"] = version
    return _loaded["engine"]


def _load(version):
    snapshot = RecommenderSnapshot.objects.order_by("-created_at", "-pk").first()
    if snapshot is None:
        return None
    model = recsys.RecModel.from_bytes(bytes(snapshot.model))
    newer = list(
        ContentVector.objects.filter(
            updated_at__gt=snapshot.created_at, encoder=snapshot.encoder
        ).values_list("page_id", "vector")
    )
    if newer:
        model = _with_published_articles(model, newer)
    index_of = {int(page_id): index for index, page_id in enumerate(model.item_ids)}
    area_index = {int(area_id): index for index, area_id in enumerate(model.area_ids)}
    verified = ArticlePage.objects.filter(verified_only=True).values_list("pk", flat=True)
    verified_only = np.array([index_of[pk] for pk in verified if pk in index_of], dtype=np.int64)
    return Engine(model, index_of, area_index, verified_only, snapshot.pk)


def _with_published_articles(model, rows):
    """Articles published or edited since the snapshot, with their refreshed content vectors.

    An edited article keeps its place; a new one joins the model with no collaborative or
    popularity signal yet (they come with the next nightly rebuild).
    """
    page_ids = [page_id for page_id, _ in rows]
    pages = {
        page.pk: page
        for page in ArticlePage.objects.filter(pk__in=page_ids).only(
            "id", "title", "publication_date"
        )
    }
    area_order = {int(area_id): index for index, area_id in enumerate(model.area_ids)}
    areas_of = {}
    links = ArticlePage.areas.through.objects.filter(articlepage_id__in=page_ids).values_list(
        "articlepage_id", "areaofinterest_id"
    )
    for page_id, area_id in links:
        if area_id in area_order:
            areas_of.setdefault(page_id, []).append(area_order[area_id])
    updates = [
        recsys.ItemUpdate(
            item_id=page_id,
            vector=np.frombuffer(bytes(blob), dtype="<f4"),
            title=pages[page_id].title,
            areas=sorted(areas_of.get(page_id, [])),
            published_day=_date_day(pages[page_id].publication_date),
        )
        for page_id, blob in rows
        if page_id in pages
    ]
    return model.with_items(updates)


def _reason(engine, pick, page, shown_item):
    """The reason in the reader's language (the active one)."""
    if pick.reason.kind == "similar" and pick.reason.seed_item == shown_item:
        return gettext("Similar to this article")
    if pick.reason.kind == "new":
        age = (timezone.localdate() - page.publication_date).days
        if age <= 7:
            return gettext("New this week")
        if age <= 31:
            return gettext("New this month")
    return recsys.reason_text(engine.model, pick.reason, gettext)


# Serving ------------------------------------------------------------------------------------


def _group(request):
    row = services.profession_and_specialty(request)
    return audience.group_of(*row) if row else audience.UNKNOWN


def reader_state(request, engine):
    """What the engine may know about this reader; nothing when personalisation is off."""
    saved = services.saved_page_ids_newest_first(request)
    if not services.is_personalised(request):
        state = recsys.UserState(followed_areas=[], saved=[], read=[])
    else:
        state = recsys.UserState(
            followed_areas=[
                engine.area_index[pk]
                for pk in services.followed_area_ids(request)
                if pk in engine.area_index
            ],
            saved=[engine.index_of[pk] for pk in saved if pk in engine.index_of],
            read=[
                engine.index_of[pk]
                for pk in services.read_page_ids(request)
                if pk in engine.index_of
            ],
            group=_group(request),
        )
    # Saved articles are never recommended, personalised or not.
    excluded = {engine.index_of[pk] for pk in saved if pk in engine.index_of}
    if not can_read_verified_only(request.user):
        excluded.update(engine.verified_only.tolist())
    return state, excluded


def for_reader(request, limit=10):
    engine = load_engine()
    if engine is None:
        return []
    state, excluded = reader_state(request, engine)
    picks = recsys.recommend(
        engine.model,
        state,
        k=limit + SPARE,
        now_day=as_day(),
        exclude_items=sorted(excluded),
    )
    return _with_pages(request, engine, picks, limit)


def related_for_reader(request, page, limit=3):
    """Articles to read after `page` (a page or its id)."""
    page_id = getattr(page, "pk", page)
    engine = load_engine()
    if engine is None or page_id not in engine.index_of:
        return []
    state, excluded = reader_state(request, engine)
    item = engine.index_of[page_id]
    picks = recsys.related_items(
        engine.model,
        item,
        state,
        k=limit + SPARE,
        now_day=as_day(),
        exclude_items=sorted(excluded),
    )
    return _with_pages(request, engine, picks, limit, shown_item=item)


def _with_pages(request, engine, picks, limit, shown_item=None):
    """The picked articles the reader may read, in ranked order, each with its reason (their
    cards come from the shared cache: no query once each has been read)."""
    if not picks:
        return []
    page_ids = [int(engine.model.item_ids[pick.item]) for pick in picks]
    by_id = readable_cards(request.user, page_ids)
    chosen = []
    for page_id, pick in zip(page_ids, picks, strict=True):
        if page_id in by_id:
            reason = _reason(engine, pick, by_id[page_id], shown_item)
            chosen.append(RecommendedArticle(by_id[page_id], reason))
    return chosen[:limit]


# Many accounts at once (the newsletter) ------------------------------------------------------


def for_accounts(user_ids, limit=3, verified_user_ids=frozenset()):
    """Recommendations for many accounts at once: {user id: [RecommendedArticle]}.

    The same states, exclusions and ranking as `for_reader` on the site, read with six queries
    whatever the number of accounts and scored in batches by `recsys.recommend_all`. Articles for
    verified HCPs only are left out except for `verified_user_ids`.
    """
    engine = load_engine()
    user_ids = list(user_ids)
    if engine is None or not user_ids:
        return {}
    states, exclusions = _account_states(engine, user_ids, verified_user_ids)
    picks_per_user = recsys.recommend_all(
        engine.model,
        states,
        k=limit + SPARE,
        now_day=as_day(),
        exclude_items=exclusions,
    )
    picked_ids = {
        int(engine.model.item_ids[pick.item]) for picks in picks_per_user for pick in picks
    }
    pages = {
        page.pk: page
        for page in article_cards(ArticlePage.objects.live().public().filter(pk__in=picked_ids))
    }
    chosen = {}
    for user_id, picks in zip(user_ids, picks_per_user, strict=True):
        found = []
        for pick in picks:
            page = pages.get(int(engine.model.item_ids[pick.item]))
            if page is not None and len(found) < limit:
                found.append(RecommendedArticle(page, _reason(engine, pick, page, None)))
        chosen[user_id] = found
    return chosen


def _account_states(engine, user_ids, verified_user_ids):
    """Each account's `recsys.UserState` and exclusions, as `reader_state` builds them."""
    off = set(
        PersonalSettings.objects.filter(user_id__in=user_ids, personalised=False).values_list(
            "user_id", flat=True
        )
    )
    followed, saved, read = defaultdict(list), defaultdict(list), defaultdict(list)
    follows = FollowedArea.objects.filter(user_id__in=user_ids).order_by()
    for user_id, area_id in follows.values_list("user_id", "area_id"):
        if area_id in engine.area_index:
            followed[user_id].append(engine.area_index[area_id])
    for user_id, page_id in Bookmark.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "page_id"
    ):  # newest first (the model's ordering)
        if page_id in engine.index_of:
            saved[user_id].append(engine.index_of[page_id])
    for user_id, page_id in ArticleRead.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "page_id"
    ):
        if page_id in engine.index_of and len(read[user_id]) < services.READ_HISTORY_LIMIT:
            read[user_id].append(engine.index_of[page_id])
    groups = {
        user_id: audience.group_of(profession, specialty)
        for user_id, profession, specialty in HcpProfile.objects.filter(
            user_id__in=user_ids
        ).values_list("user_id", "profession", "specialty")
    }
    verified_only = engine.verified_only.tolist()
    states, exclusions = [], []
    for user_id in user_ids:
        if user_id in off:
            states.append(recsys.UserState(followed_areas=[], saved=[], read=[]))
        else:
            states.append(
                recsys.UserState(
                    followed_areas=followed[user_id],
                    saved=saved[user_id],
                    read=read[user_id],
                    group=groups.get(user_id, audience.UNKNOWN),
                )
            )
        excluded = set(saved[user_id])
        if user_id not in verified_user_ids:
            excluded.update(verified_only)
        exclusions.append(sorted(excluded))
    return states, exclusions
