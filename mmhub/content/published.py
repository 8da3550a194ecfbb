"""What every reader of a published page shares, rendered or computed once and kept in the
shared cache (Redis in production, so all web nodes use one copy; docs/deploy.md).

A key names the page, its published revision and the language, so publishing makes new keys
on every node at once. What a page shows from outside itself (a trial's estimates, an image, a
linked page's address, the articles listed beside it) is covered by a generation stamp stored
beside the values: publishing, unpublishing, moving or deleting any page, or saving evidence,
images or documents, starts a new generation (content.signals), and a value from an older one is
computed again. Publishing is rare next to reading, so starting over is cheap. The stamp's key
names the code version, so an upgrade starts over too.
"""

import hashlib
import uuid
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from mmhub.sessions import get_many_with_session


def code_version():
    """A digest of the code and templates this process renders with (read once per process).
    Stored values are stamped with it, so after an upgrade nothing rendered by the old templates
    is served: each node starts a generation of its own code."""
    digest = hashlib.sha1(usedforsecurity=False)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".html", ".mo"} and "migrations" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


GENERATION_KEY = f"published:generation:{code_version()}"
TIMEOUT = 7 * 24 * 3600
# Saving a row of these apps changes what stored values show.
SOURCE_APPS = {"evidence", "wagtailimages", "wagtaildocs", "content"}


def new_generation():
    """Every stored value is out of date from now on (each node computes again on its next read)."""
    stamp = uuid.uuid4().hex
    cache.set(GENERATION_KEY, stamp, None)
    return stamp


def content_changed():
    """Start a new generation now and again when the change is committed: a reader served
    between the two would otherwise store the old rows under the new stamp for every node."""
    new_generation()
    transaction.on_commit(new_generation)


def page_key(page, *parts):
    published = page.last_published_at.isoformat() if page.last_published_at else "-"
    language = translation.get_language() or "-"
    extra = ":".join(str(part) for part in parts)
    return f"published:{page.pk}:{page.live_revision_id}:{published}:{language}:{extra}"


def shareable(page, request=None):
    """A live page read normally; never a preview or a draft."""
    return bool(page.pk and page.live) and not getattr(request, "is_preview", False)


def lookup(key, request=None):
    """(generation, the value stored under `key` in it or None): one cache round trip."""
    found = lookup_many([key], request)
    return found.generation, found.values.get(key)


def store(key, generation, value):
    cache.set(key, (generation, value), TIMEOUT)


class Found:
    def __init__(self, generation, values):
        self.generation = generation
        self.values = values  # key -> value, for the keys stored in this generation


def lookup_many(keys, request=None):
    """Like `lookup` for many keys, in one round trip; a stored None counts as a value. With
    `request`, the reader's session rides along when it has not been read yet (mmhub.sessions)."""
    keys = list(keys)
    found = get_many_with_session(request, [GENERATION_KEY, *keys])
    generation = found.get(GENERATION_KEY) or new_generation()
    values = {key: found[key][1] for key in keys if key in found and found[key][0] == generation}
    return Found(generation, values)


def store_many(values, generation):
    cache.set_many({key: (generation, value) for key, value in values.items()}, TIMEOUT)


def cached(key, compute, found=None):
    """compute(), or the value this generation already stored under `key`. `found`: what a
    lookup_many that asked for `key` already read (no second round trip)."""
    if found is not None and key in found.values:
        return found.values[key]
    generation, value = (found.generation, None) if found is not None else lookup(key)
    if value is None:
        value = compute()
        store(key, generation, value)
    return value
