"""Bookmarks, followed areas, reading history and the personalisation switch.

One set of functions serves both kinds of reader: an account holder (rows in the database)
and a visitor who declared but has no account (the same choices kept in their session, merged
into the account when they sign in). Views and template tags call these, never the models.
"""

import time

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from mmhub.accounts import access
from mmhub.accounts.backends import prefetch_for_user, take_prefetched
from mmhub.accounts.models import HcpProfile
from mmhub.content.models import AreaOfInterest, readable_articles

from .models import ArticleRead, Bookmark, FollowedArea, PersonalSettings

SESSION_SAVED = "personal_saved"  # {"<page id>": {"at": ISO time, "read": ISO time or ""}}
SESSION_AREAS = "personal_areas"  # [area id, ...]
SESSION_OFF = "personal_off"  # True when a visitor switched personalisation off
SESSION_SAVED_LIMIT = 200  # a session is not an archive; an account has no limit

_CACHE_ATTR = "_mmhub_personal"


def _cache(request):
    """Per-request memo, so every bookmark button on a page shares one query."""
    if not hasattr(request, _CACHE_ATTR):
        setattr(request, _CACHE_ATTR, {})
    return getattr(request, _CACHE_ATTR)


def _forget(request):
    if hasattr(request, _CACHE_ATTR):
        delattr(request, _CACHE_ATTR)
    if _has_account(request):
        take_prefetched(request.user, _state_key(request.user.pk))  # read before the change
        forget_account_state(request.user.pk)


def _has_account(request):
    return request.user.is_authenticated


# An account's choices, kept in the shared cache -----------------------------------------------
# Every personalised page needs the reader's saved articles, followed areas, switch and recent
# reads (bookmark buttons, the saved count, recommendations). For an account they are read from
# the database once and kept in the shared cache until one of them changes: the functions below
# forget them, and so do saves and deletes of the rows from anywhere else (personal.signals).
# A later visit to an article already read moves it up the history without forgetting them;
# the first visit does.

STATE_TIMEOUT = 24 * 3600


def _state_key(user_id):
    return f"personal:state:{user_id}"


@prefetch_for_user
def _state_keys(user_id):
    return [_state_key(user_id)]


def forget_account_state(user_id):
    """Forget an account's kept choices now and again on commit (a request between the change
    and the commit would otherwise keep the old rows)."""
    key = _state_key(user_id)
    shared_cache.delete(key)
    transaction.on_commit(lambda: shared_cache.delete(key))


def _account_state(request):
    memo = _cache(request)
    if "state" not in memo:
        key = _state_key(request.user.pk)
        asked, state = take_prefetched(request.user, key)  # fetched with the user row
        if not asked:
            # Whether the account is verified comes in the same round trip (accounts.access).
            verified_key = access.verified_key(request.user.pk)
            found = shared_cache.get_many([key, verified_key])
            access.remember_verified(request.user, found.get(verified_key))
            state = found.get(key)
        if state is None:
            user = request.user
            state = {
                "saved": list(Bookmark.objects.filter(user=user).values_list("page_id", flat=True)),
                "areas": list(
                    FollowedArea.objects.filter(user=user)
                    .order_by()
                    .values_list("area_id", flat=True)
                ),
                "on": not PersonalSettings.objects.filter(user=user, personalised=False).exists(),
                "profile": HcpProfile.objects.filter(user=user)
                .values_list("profession", "specialty")
                .first(),
                "read": list(
                    ArticleRead.objects.filter(user=user).values_list("page_id", flat=True)[
                        :READ_HISTORY_LIMIT
                    ]
                ),
            }
            shared_cache.set(key, state, STATE_TIMEOUT)
        memo["state"] = state
    return memo["state"]


# Bookmarks -----------------------------------------------------------------------------------


def saved_page_ids_newest_first(request):
    cache = _cache(request)
    if "saved" not in cache:
        if _has_account(request):
            cache["saved"] = list(_account_state(request)["saved"])
        else:
            entries = request.session.get(SESSION_SAVED, {}).items()
            newest = sorted(entries, key=lambda item: item[1]["at"], reverse=True)
            cache["saved"] = [int(key) for key, _ in newest]
        cache["saved_set"] = set(cache["saved"])
    return cache["saved"]


def saved_page_ids(request):
    saved_page_ids_newest_first(request)
    return _cache(request)["saved_set"]


def is_saved(request, page):
    return page.pk in saved_page_ids(request)


def save(request, page):
    """Save an article for later. Saving twice (double click, two tabs) changes nothing."""
    if _has_account(request):
        # One INSERT that the unique constraint makes idempotent, also under concurrent requests.
        Bookmark.objects.bulk_create(
            [Bookmark(user=request.user, page=page)], ignore_conflicts=True
        )
    else:
        saved = dict(request.session.get(SESSION_SAVED, {}))
        if str(page.pk) not in saved:
            saved[str(page.pk)] = {"at": timezone.now().isoformat(), "read": ""}
            newest = sorted(saved.items(), key=lambda item: item[1]["at"], reverse=True)
            request.session[SESSION_SAVED] = dict(newest[:SESSION_SAVED_LIMIT])
    _forget(request)


def remove(request, page_id):
    if _has_account(request):
        Bookmark.objects.filter(user=request.user, page_id=page_id).delete()
    else:
        saved = dict(request.session.get(SESSION_SAVED, {}))
        if saved.pop(str(page_id), None) is not None:
            request.session[SESSION_SAVED] = saved
    _forget(request)


def mark_read(request, page_id, read=True):
    """Tick a saved article off (or back on) the reading list. Unsaved articles are left alone."""
    when = timezone.now() if read else None
    if _has_account(request):
        Bookmark.objects.filter(user=request.user, page_id=page_id).update(read_at=when)
    else:
        saved = dict(request.session.get(SESSION_SAVED, {}))
        entry = saved.get(str(page_id))
        if entry is not None:
            saved[str(page_id)] = {**entry, "read": when.isoformat() if when else ""}
            request.session[SESSION_SAVED] = saved
    _forget(request)


class SavedEntry:
    def __init__(self, page, saved_at, read_at):
        self.page = page
        self.saved_at = saved_at
        self.read_at = read_at


def saved_entries(request):
    """The reader's saved articles they may still read, newest first (two queries)."""
    if _has_account(request):
        rows = list(
            Bookmark.objects.filter(user=request.user).values_list(
                "page_id", "created_at", "read_at"
            )
        )
    else:
        rows = [
            (int(key), parse_datetime(value["at"]), parse_datetime(value["read"] or "") or None)
            for key, value in request.session.get(SESSION_SAVED, {}).items()
        ]
    pages = readable_articles(request.user).filter(pk__in=[row[0] for row in rows])
    by_id = {page.pk: page for page in pages.prefetch_related("areas")}
    entries = [SavedEntry(by_id[pk], at, read) for pk, at, read in rows if pk in by_id]
    entries.sort(key=lambda entry: (entry.saved_at, entry.page.pk), reverse=True)
    return entries


# Areas of interest ---------------------------------------------------------------------------


def followed_area_ids(request):
    cache = _cache(request)
    if "areas" not in cache:
        if _has_account(request):
            cache["areas"] = list(_account_state(request)["areas"])
        else:
            cache["areas"] = [int(pk) for pk in request.session.get(SESSION_AREAS, [])]
    return cache["areas"]


def set_followed_areas(request, area_ids):
    """Replace the followed areas with exactly these (ids of existing areas)."""
    wanted = set(AreaOfInterest.objects.filter(pk__in=area_ids).values_list("pk", flat=True))
    if _has_account(request):
        with transaction.atomic():
            FollowedArea.objects.filter(user=request.user).exclude(area_id__in=wanted).delete()
            FollowedArea.objects.bulk_create(
                [FollowedArea(user=request.user, area_id=pk) for pk in wanted],
                ignore_conflicts=True,
            )
    else:
        request.session[SESSION_AREAS] = sorted(wanted)
    _forget(request)


def follow(request, area):
    if _has_account(request):
        FollowedArea.objects.bulk_create(
            [FollowedArea(user=request.user, area=area)], ignore_conflicts=True
        )
    else:
        areas = set(request.session.get(SESSION_AREAS, []))
        areas.add(area.pk)
        request.session[SESSION_AREAS] = sorted(areas)
    _forget(request)


def unfollow(request, area):
    if _has_account(request):
        FollowedArea.objects.filter(user=request.user, area=area).delete()
    else:
        areas = set(request.session.get(SESSION_AREAS, []))
        areas.discard(area.pk)
        request.session[SESSION_AREAS] = sorted(areas)
    _forget(request)


# The switch, onboarding and reading history --------------------------------------------------


def is_personalised(request):
    cache = _cache(request)
    if "on" not in cache:
        if _has_account(request):
            cache["on"] = _account_state(request)["on"]
        else:
            cache["on"] = not request.session.get(SESSION_OFF, False)
    return cache["on"]


def set_personalised(request, on):
    """Switch personalisation on or off. Off deletes the reading history at once."""
    if _has_account(request):
        with transaction.atomic():
            PersonalSettings.objects.update_or_create(
                user=request.user, defaults={"personalised": on}
            )
            if not on:
                ArticleRead.objects.filter(user=request.user).delete()
    elif on:
        request.session.pop(SESSION_OFF, None)
    else:
        request.session[SESSION_OFF] = True
    _forget(request)


def needs_onboarding(user):
    """A new account that has not yet chosen (or skipped choosing) its areas of interest."""
    done = PersonalSettings.objects.filter(user=user, onboarded_at__isnull=False).exists()
    return not done and not FollowedArea.objects.filter(user=user).exists()


def finish_onboarding(user):
    PersonalSettings.objects.update_or_create(user=user, defaults={"onboarded_at": timezone.now()})


_last_visits = {}  # (account id, page id) -> when this process last counted a visit
_LAST_VISITS_KEPT = 100_000


def record_read(request, page):
    """One row per (account, article): first and last visit and how often. A visit to one of
    the reader's recent reads within PERSONAL_READ_INTERVAL seconds of the last one this web
    process counted (a reload, back and forth between tabs) is the same visit and writes
    nothing. Each process remembers its own, so with several processes a quick second visit
    may still count: the count is of visits, not of requests."""
    user = request.user
    interval = settings.PERSONAL_READ_INTERVAL
    visit = (user.pk, page.pk)
    now_seconds = time.monotonic()
    recent = page.pk in read_page_ids(request)
    if recent and interval > 0:
        last = _last_visits.get(visit)
        if last is not None and now_seconds - last < interval:
            return
    if len(_last_visits) >= _LAST_VISITS_KEPT:
        _last_visits.clear()
    _last_visits[visit] = now_seconds
    now = timezone.now()
    updated = ArticleRead.objects.filter(user=user, page=page).update(
        last_read_at=now, times_read=F("times_read") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                ArticleRead.objects.create(
                    user=user, page=page, first_read_at=now, last_read_at=now
                )
        except IntegrityError:
            # Another request for the same reader and article created the row first.
            ArticleRead.objects.filter(user=user, page=page).update(
                last_read_at=now, times_read=F("times_read") + 1
            )
    if not recent:
        # Now among the reader's most recent reads, which the kept choices must show.
        forget_account_state(user.pk)


def forget_visits():
    """Count the next visit to every article (tests; the interval has passed)."""
    _last_visits.clear()


READ_HISTORY_LIMIT = 50  # the most recent reads the recommender looks at


def profession_and_specialty(request):
    """(profession, specialty) of an account's HCP profile, or None."""
    if not _has_account(request):
        return None
    return _account_state(request)["profile"]


def read_page_ids(request, limit=READ_HISTORY_LIMIT):
    if not _has_account(request):
        return []
    return _account_state(request)["read"][:limit]


def merge_session_into_account(request, user):
    """On sign-in: what the visitor saved and followed in this session joins the account."""
    saved = request.session.pop(SESSION_SAVED, {})
    areas = request.session.pop(SESSION_AREAS, [])
    off = request.session.pop(SESSION_OFF, False)
    if saved:
        live_ids = set(
            readable_articles(user)
            .filter(pk__in=[int(key) for key in saved])
            .values_list("pk", flat=True)
        )
        Bookmark.objects.bulk_create(
            [
                Bookmark(
                    user=user,
                    page_id=int(key),
                    created_at=parse_datetime(value["at"]) or timezone.now(),
                    read_at=parse_datetime(value["read"] or "") or None,
                )
                for key, value in saved.items()
                if int(key) in live_ids
            ],
            ignore_conflicts=True,
        )
    if areas:
        existing = set(AreaOfInterest.objects.filter(pk__in=areas).values_list("pk", flat=True))
        FollowedArea.objects.bulk_create(
            [FollowedArea(user=user, area_id=pk) for pk in existing], ignore_conflicts=True
        )
    if off:
        PersonalSettings.objects.update_or_create(user=user, defaults={"personalised": False})
    _forget(request)
