"""Personal parts of content pages: bookmark and follow buttons, recommendations.

Content templates load these tags; the content app never imports this one (ARCHITECTURE.md).
Each tag shares the request's memo in services, so a page of cards costs one bookmark query.
On a page served from a frame (mmhub.content.frames) the bookmark buttons, the saved count and
"Related for you" are holes, filled here for each reader.
"""

import functools
import hashlib

from django import template
from django.template.loader import render_to_string
from django.utils import translation

from mmhub.accounts.access import can_read_verified_only
from mmhub.content import frames, published
from mmhub.personal import recommend, services

register = template.Library()


def _bookmark_html(request, article_id, title, saved, compact, csrf_token, next_path):
    return render_to_string(
        "personal/_bookmark_button.html",
        {
            "request": request,
            "csrf_token": csrf_token,
            "article": {"pk": article_id, "title": title},
            "saved": saved,
            "compact": compact,
            "next_path": next_path,
        },
    )


@register.simple_tag(takes_context=True)
def bookmark_button(context, article, compact=False):
    request = context["request"]
    if frames.recording(request) is not None:
        # Both states, rendered once; each reader's is picked when the frame is filled.
        variants = {
            saved: _bookmark_html(
                request,
                article.pk,
                article.title,
                saved,
                compact,
                frames.CSRF_TOKEN,
                frames.FULL_PATH,
            )
            for saved in (False, True)
        }
        return frames.hole(request, "bookmark", article.pk, variants)
    return _bookmark_html(
        request,
        article.pk,
        article.title,
        services.is_saved(request, article),
        compact,
        context.get("csrf_token"),
        request.get_full_path(),
    )


@frames.filler("bookmark")
def fill_bookmarks(request, holes):
    saved = services.saved_page_ids(request)
    return [variants[article_id in saved] for article_id, variants in holes]


@register.inclusion_tag("personal/_follow_button.html", takes_context=True)
def follow_button(context, area):
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "area": area,
        "following": area.pk in services.followed_area_ids(request),
    }


@register.simple_tag(takes_context=True)
def recommended_for_you(context, limit=4):
    """Kept in the shared cache like "Related for you" (per reader's choices and hour)."""
    request = context.get("request")
    if request is None:
        return []
    key = _recommendations_key(request, f"for-you:{limit}")
    return published.cached(key, lambda: recommend.for_reader(request, limit=limit))


RELATED_LIMIT = 3


@register.simple_tag(takes_context=True)
def related_for_you_section(context, page):
    """The "Related for you" section of an article (nothing when there is nothing to show)."""
    request = context.get("request")
    if request is None:
        return ""
    return frames.hole(request, "related", page.pk) or _related_html(
        request, page.pk, context.get("source_lang", "")
    )


def _related_html(request, page_id, source_lang):
    related = recommend.related_for_reader(request, page_id, limit=RELATED_LIMIT)
    if not related:
        return ""
    return render_to_string(
        "personal/_related_for_you.html", {"related": related, "source_lang": source_lang}
    )


def _related_key(request, page_id):
    return _recommendations_key(request, f"related:{page_id}")


def _recommendations_key(request, what):
    """Recommendations are kept in the shared cache per reader's choices and per hour, so a
    reader who comes back (or another reader with the same choices) costs no ranking."""
    version = recommend.current_version()
    hour = int(recommend.as_day() * 24)  # recency counts: ranked again every hour at most
    language = translation.get_language()
    return f"published:recommended:{version}:{hour}:{language}:{what}:{_reader_digest(request)}"


@frames.prefetcher
def prefetch_related(request, page):
    return [_related_key(request, page.pk)]  # framed pages are articles: all have the section


@frames.filler("related")
def fill_related(request, holes):
    from mmhub.translation.context_processors import reader_language

    source_lang = reader_language(request)["source_lang"]
    found = frames.prefetched(request)
    return [
        published.cached(
            _related_key(request, page_id),
            lambda page_id=page_id: _related_html(request, page_id, source_lang),
            found,
        )
        for (page_id,) in holes
    ]


def _reader_digest(request):
    """What a reader's recommendations depend on, as a short digest (once per request)."""
    digest = getattr(request, "_mmhub_reader_digest", None)
    if digest is None:
        digest = request._mmhub_reader_digest = _digest_of_choices(request)
    return digest


def _digest_of_choices(request):
    saved = services.saved_page_ids_newest_first(request)
    parts = (
        services.is_personalised(request),
        saved,
        services.followed_area_ids(request),
        services.read_page_ids(request),
        services.profession_and_specialty(request),
        can_read_verified_only(request.user),
    )
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


@register.simple_tag(takes_context=True)
def saved_count_badge(context):
    """The header's count of saved articles."""
    request = context.get("request")
    if request is None:
        return ""
    return frames.hole(request, "saved_count") or _saved_count_html(request)


def _saved_count_html(request):
    return _saved_count_in(translation.get_language(), len(services.saved_page_ids(request)))


@functools.lru_cache(maxsize=1024)
def _saved_count_in(language, count):
    """The badge says only the number, in the active language: rendered once per process."""
    return render_to_string("personal/_saved_count.html", {"saved_total": count})


@frames.filler("saved_count")
def fill_saved_count(request, holes):
    return [_saved_count_html(request)] * len(holes)
