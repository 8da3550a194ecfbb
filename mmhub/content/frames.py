"""Page frames: a published page's whole HTML, kept once for all its readers, with holes where
each reader sees something of their own.

A personalised article is the same page for every reader but for a few parts: the account links
and the saved count in the header, the bookmark buttons, "Related for you", the polls, the
newsletter form in the footer, and the forms' CSRF tokens. The first reader of a revision renders
the page as usual while a `Frame` records those parts as holes; the HTML with its holes is stored
in the shared cache (mmhub.content.published: keys per revision and language, the generation
stamp); every later reader gets the stored HTML with only the holes filled for them, without
rendering the page's templates.

A template tag makes a hole by calling `hole(request, name, *args)`: while a frame is recorded
it returns a marker (and the tag renders nothing else); otherwise it returns None and the tag
renders as usual. The app that owns the tag registers how its holes are filled, with
`@filler(name)`: `fill(request, [args, ...]) -> [html, ...]`, one call per kind of hole, so a
page of bookmark buttons still costs one lookup. The content app never imports those apps
(ARCHITECTURE.md): they register themselves when their template tags load.

Anything a page's templates show that depends on the reader must be a hole. tests/content/
test_page_frames.py renders pages both ways, for several kinds of reader, and compares them.
"""

import os
import re

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template import engines
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import published

# Markers are private-use characters, which no page content contains and no filter escapes.
MARK = "\ue000"  # begins every marker
HOLE = re.compile("\ue000(\\d+)\ue001")
# The value of every form's CSRF token in a frame (a marker, not a secret).
CSRF_TOKEN = "\ue000csrf\ue001"  # noqa: S105
FULL_PATH = "\ue000path\ue001"  # request.get_full_path(), escaped, e.g. a form's "next"
_ATTRIBUTE = "_mmhub_frame"
_PREFETCHED = "_mmhub_frame_prefetched"
_fillers = {}
_prefetchers = []
_registered = False


def _register_all():
    """Tag libraries register their fillers and prefetchers when imported; a process whose first
    page comes from a frame has not imported them yet."""
    global _registered
    if not _registered:
        engines.all()
        _registered = True


def filler(name):
    """Register `fill(request, list of args) -> list of HTML` for the holes named `name`."""

    def register(fill):
        _fillers[name] = fill
        return fill

    return register


def prefetcher(keys):
    """Register `keys(request, page) -> [key, ...]`: shared-cache keys (mmhub.content.published)
    a filler will look up for this page, fetched in the same round trip as the frame. The filler
    passes `prefetched(request)` to `published.cached`."""
    _prefetchers.append(keys)
    return keys


def prefetched(request):
    """What was fetched with the frame (a published.Found), or None."""
    return getattr(request, _PREFETCHED, None)


class Frame:
    def __init__(self):
        self.holes = []
        self.shareable = True

    def hole(self, name, *args):
        self.holes.append((name, args))
        return mark_safe(f"\ue000{len(self.holes) - 1}\ue001")  # noqa: S308 - a marker

    def parts(self, html):
        """The page as a list of strings and (name, args) holes."""
        pieces = HOLE.split(html)
        return [
            piece if index % 2 == 0 else self.holes[int(piece)]
            for index, piece in enumerate(pieces)
        ]


def recording(request):
    """The frame being recorded for this request, or None (the page renders as usual)."""
    return getattr(request, _ATTRIBUTE, None) if request is not None else None


def hole(request, name, *args):
    """A marker for a part of the page that is the reader's own, or None when no frame is
    being recorded. `args` are stored in the shared cache with the frame: keep them small and
    picklable (ids, flags, the alternative renderings)."""
    frame = recording(request)
    return frame.hole(name, *args) if frame is not None else None


def not_shareable(request):
    """Called by a part of the page that knows this rendering must not be kept (a machine
    translation that is not complete, say)."""
    frame = recording(request)
    if frame is not None:
        frame.shareable = False


def fill(parts, request):
    """The page for this reader: stored HTML, holes filled, CSRF token and path put in."""
    wanted = {}
    for index, part in enumerate(parts):
        if isinstance(part, tuple):
            wanted.setdefault(part[0], []).append(index)
    html = list(parts)
    _register_all()
    for name, indexes in wanted.items():
        filled = _fillers[name](request, [parts[index][1] for index in indexes])
        for index, part in zip(indexes, filled, strict=True):
            html[index] = str(part)
    page = "".join(html)
    if CSRF_TOKEN in page:
        page = page.replace(CSRF_TOKEN, reader_token(request))
    if FULL_PATH in page:
        page = page.replace(FULL_PATH, escape(request.get_full_path()))
    return page


_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
_UNIFORM_BELOW = 256 - 256 % len(CSRF_ALLOWED_CHARS)  # bytes below this map to chars evenly


def reader_token(request):
    """Django's `get_token(request)`: the reader's CSRF secret, masked afresh for this response
    (so a compressed page does not repeat the secret: BREACH). The mask is drawn from one
    os.urandom read instead of Django's 32 SystemRandom draws, which cost a framed page more
    than all its holes together; the token is the one Django makes and checks."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None or len(secret) != CSRF_SECRET_LENGTH or not set(secret) <= _INDEX.keys():
        return get_token(request)  # no secret yet: Django makes one and sets the cookie
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token: renew the cookie's expiry
    mask = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += [
            CSRF_ALLOWED_CHARS[byte % len(_INDEX)]
            for byte in os.urandom(48)
            if byte < _UNIFORM_BELOW
        ]
    mask = "".join(mask[:CSRF_SECRET_LENGTH])
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_INDEX[s] + _INDEX[m]) % len(_INDEX)]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


def usable(page, request, args, kwargs):
    """Frames are for a live page read normally with GET: not a preview, not a sub-route, and
    not while the reader has messages waiting (the next page shows them)."""
    if not settings.PAGE_FRAMES or request.method not in ("GET", "HEAD") or args or kwargs:
        return False
    if not published.shareable(page, request):
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and len(messages))


def serve(page, request, variant, render):
    """The page's response from its stored frame, or `render()` (a TemplateResponse) recorded
    as the frame for the next readers. `variant` names what the frame depends on besides the
    page, its revision and the language (e.g. whether the reader is a verified HCP)."""
    from django.http import HttpResponse

    key = published.page_key(page, "frame", variant)
    _register_all()
    extra = [extra_key for keys in _prefetchers for extra_key in keys(request, page)]
    found = published.lookup_many([key, *extra], request)
    setattr(request, _PREFETCHED, found)
    generation, parts = found.generation, found.values.get(key)
    if parts is not None:
        request.is_preview = False  # as Page.serve says
        return HttpResponse(fill(parts, request))
    frame = Frame()
    setattr(request, _ATTRIBUTE, frame)
    try:
        response = render()
        if hasattr(response, "render"):
            response.render()
    finally:
        delattr(request, _ATTRIBUTE)
    if response.get("Content-Type", "").split(";")[0] != "text/html" or response.streaming:
        return response
    parts = frame.parts(response.content.decode(response.charset))
    if response.status_code == 200 and frame.shareable:
        published.store(key, generation, parts)
    response.content = fill(parts, request)
    return response


class FramedPageMixin:
    """For a page model whose published pages are served from frames. Put it after the mixins
    whose `serve` decides something per request (the reader's language) and before Page.
    `frame_variant(request)` names what else the page's frame depends on."""

    stored_view_restrictions = None  # set by content.routing from the shared cache

    def frame_variant(self, request):
        return ""

    def get_view_restrictions(self):
        """Wagtail checks these on every request; the route's stored copy when there is one
        (PageViewRestriction rows start a new generation when saved: content.signals)."""
        if self.stored_view_restrictions is not None:
            return self.stored_view_restrictions
        return super().get_view_restrictions()

    def serve(self, request, *args, **kwargs):
        if not usable(self, request, args, kwargs):
            return super().serve(request, *args, **kwargs)
        machine = getattr(request, "mmhub_machine_translation", None)
        variant = ":".join(
            (
                self.get_template(request, *args, **kwargs),
                f"mt-{machine.provider}" if machine is not None else "own",
                self.frame_variant(request),
            )
        )

        def render():
            if machine is not None and not machine.complete:
                not_shareable(request)  # tried again for the next reader
            return super(FramedPageMixin, self).serve(request, *args, **kwargs)

        return serve(self, request, variant, render)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if recording(request) is not None:
            # A form outside the holes gets each reader's own token, never the first reader's.
            context["csrf_token"] = CSRF_TOKEN
        return context
