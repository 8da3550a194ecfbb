"""What the rest of the site may ask of the gate: has this visitor declared, and record that they did."""

from functools import cache as once

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_noop
from wagtail.models import Page, get_page_models

from mmhub.memo import ProcessMemo
from mmhub.translation import languages

from .models import Declaration, GateAcknowledgement, declaration_version

# Stored in English as the record's wording; the catalogues translate it for readers
# (Declaration.reader_text). A new wording an editor writes is shown in English until translated.
DEFAULT_DECLARATION_TEXT = gettext_noop(
    "I confirm that I am a healthcare professional, such as a physician, nurse or pharmacist, "
    "and that I am using this website for my professional education. I understand that its "
    "content is written for healthcare professionals and is not advice for patients."
)
SESSION_KEY = "gate_declaration_version"
# Set when someone signs in to their account through the site: an account holder is not asked
# again during that session, even after the wording changes (their next sign-in records it).
ACCOUNT_SESSION_KEY = "gate_account_declared"
COOKIE_SALT = "mmhub.gate.declaration"
DECLARATION_CACHE_KEY = "gate:current-declaration"
EXEMPT_PAGES_CACHE_KEY = "gate:exempt-page-paths"
CACHE_SECONDS = 60

# Routes that must answer without a declaration, besides the configured prefixes.
BUILT_IN_EXEMPT_PATHS = ("/robots.txt", "/health/", "/health/live/", "/health/ready/")


_declaration_memo = ProcessMemo(5)


def current_declaration():
    """The newest declaration; the default wording is stored on first use so it can be cited.
    Kept in the shared cache, and for 5 s in each process (mmhub.memo)."""
    return _declaration_memo.get(_current_declaration)


def _current_declaration():
    declaration = cache.get(DECLARATION_CACHE_KEY)
    if declaration is None:
        declaration = Declaration.objects.first()
        if declaration is None:
            declaration = _store_default_declaration()
        cache.set(DECLARATION_CACHE_KEY, declaration, CACHE_SECONDS)
    return declaration


def _store_default_declaration():
    try:
        return Declaration.objects.get_or_create(
            version=declaration_version(DEFAULT_DECLARATION_TEXT),
            defaults={"text": DEFAULT_DECLARATION_TEXT},
        )[0]
    except IntegrityError:  # another request stored it first
        return Declaration.objects.get(version=declaration_version(DEFAULT_DECLARATION_TEXT))


def forget_current_declaration():
    cache.delete(DECLARATION_CACHE_KEY)
    _declaration_memo.forget()


def has_declared(request):
    """True when the visitor confirmed the current wording, in this session or on an earlier visit."""
    version = current_declaration().version
    cookie = request.get_signed_cookie(
        settings.GATE_COOKIE_NAME,
        default=None,
        salt=COOKIE_SALT,
        max_age=settings.GATE_COOKIE_MAX_AGE,
    )
    if cookie == version:
        return True
    if request.session.get(SESSION_KEY) == version:
        return True
    return bool(request.session.get(ACCOUNT_SESSION_KEY)) and request.user.is_authenticated


def record_gate_acknowledgement(declaration, user=None):
    """Keep the compliance record: which wording, when, and by which account if any."""
    if user is not None and not user.is_authenticated:
        user = None
    return GateAcknowledgement.objects.create(declaration=declaration, user=user)


def remember_declaration(request, response, declaration):
    request.session[SESSION_KEY] = declaration.version
    if request.user.is_authenticated:
        request.session[ACCOUNT_SESSION_KEY] = True
    response.set_signed_cookie(
        settings.GATE_COOKIE_NAME,
        declaration.version,
        salt=COOKIE_SALT,
        max_age=settings.GATE_COOKIE_MAX_AGE,
        secure=settings.GATE_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def safe_return_url(request, candidate):
    """The path to continue to after the gate: only on this site, never back to the gate itself."""
    fallback = "/"
    if not candidate or not candidate.startswith("/") or candidate.startswith("//"):
        return fallback
    if "\\" in candidate or any(ord(char) < 32 for char in candidate):
        return fallback
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return fallback
    if languages.without_prefix(candidate).startswith(gate_url_prefix()):
        return fallback
    return candidate


def is_exempt_path(path):
    path = languages.without_prefix(path)
    if path in BUILT_IN_EXEMPT_PATHS or path.startswith(gate_url_prefix()):
        return True
    return any(path.startswith(prefix) for prefix in settings.GATE_EXEMPT_PREFIXES)


@once
def gate_url_prefix():
    """Asked on every request; the URLconf does not change while a process runs. Without the
    language prefix: paths are compared after `languages.without_prefix`."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("gate:declare")


def is_exempt_page(request):
    """Pages whose model says `gate_exempt = True` (privacy, funders) are open to everyone."""
    host = request.get_host()
    paths_by_host = cache.get(EXEMPT_PAGES_CACHE_KEY) or {}
    if host not in paths_by_host:
        paths_by_host[host] = _exempt_page_paths(request)
        cache.set(EXEMPT_PAGES_CACHE_KEY, paths_by_host, CACHE_SECONDS)
    return languages.without_prefix(request.path_info) in paths_by_host[host]


def _exempt_page_paths(request):
    exempt_models = [model for model in get_page_models() if getattr(model, "gate_exempt", False)]
    if not exempt_models:
        return frozenset()
    pages = Page.objects.live().type(*exempt_models).only("id", "url_path", "path", "depth")
    with translation.override(settings.LANGUAGE_CODE):
        urls = [page.get_url(request) for page in pages]
    return frozenset(languages.without_prefix(url) for url in urls if url and url.startswith("/"))


def forget_exempt_pages():
    cache.delete(EXEMPT_PAGES_CACHE_KEY)
