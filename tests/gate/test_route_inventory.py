"""Every route and every published page, asked by a visitor who has not declared: each answers with
the gate, or is on the exempt list below with the answer it must give instead.

The routes come from the URL resolver (tests/routes.py), not from a list: a route added to any
URLconf, ours or an installed app's, is asked here the day it is added. If it does not show the
gate, this test fails until whoever added it either lets the gate cover it or classifies it
below, with the reason it may answer without a declaration.
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from wagtail.models import Page

from tests.routes import all_routes, language_prefix, other_languages


@dataclass(frozen=True)
class Exempt:
    kind: str  # what an undeclared visitor must get instead of the gate (ANSWERS)
    reason: str


OPEN = "open"  # answers anyone; shows no HCP content
SIGN_IN = "sign-in"  # sends the visitor to the account sign-in
STAFF = "staff"  # the admin's own sign-in
TOKEN = "token"  # a personal token in the URL or header stands in for the declaration
WEBHOOK = "webhook"  # the email provider's, off (404) until a secret guards it

# The first rule whose pattern matches a route (as written, without the language prefix) holds.
EXEMPT = [
    (r"^health/|^robots\.txt$", Exempt(OPEN, "load balancers and crawlers; no content")),
    (r"^gate/", Exempt(OPEN, "the gate itself, and the way out for patients and carers")),
    (
        r"^accounts/(login/|signup/|logout/|inactive/|deleted/|confirm-email/|"
        r"\^confirm-email/|password/reset/|\^password/reset/)",
        Exempt(OPEN, "signing up or in declares (mmhub.accounts); forms and notices only"),
    ),
    (r"^accounts/", Exempt(SIGN_IN, "the reader's own account: sign-in required")),
    (
        r"^admin/(login/|password_reset/|sprite/|jsi18n/)|^django-admin/log(in|out)/",
        Exempt(OPEN, "the editors' sign-in page and what it loads; Wagtail's own"),
    ),
    (r"^admin/|^django-admin/", Exempt(STAFF, "editors and staff: the admin's own sign-in")),
    (r"^api/v1/openapi\.json$", Exempt(OPEN, "the API's description; no content")),
    (r"^api/v1/", Exempt(TOKEN, "a personal API token (mmhub.api)")),
    (r"^feeds/", Exempt(TOKEN, "a personal feed token in the URL (content.feeds)")),
    (
        r"^newsletter/(confirm|manage|unsubscribe)/",
        Exempt(TOKEN, "links in emails must work from any mail client; signed codes"),
    ),
    (r"^anymail/", Exempt(WEBHOOK, "the email provider's reports (mmhub.newsletter.webhooks)")),
]

TO_SIGN_IN = {SIGN_IN: ("/accounts/login/",), STAFF: ("/admin/login/", "/django-admin/login/")}


def classify(route):
    for pattern, exempt in EXEMPT:
        if re.search(pattern, route.route):
            return exempt
    return None


def is_gate(response, path):
    """The gate's redirect, in the path's language (/fr/gate/ for a French path)."""
    location = response.get("Location", "")
    return response.status_code == 302 and re.match(r"(/[a-z]{2})?/gate/\?next=", location)


def refusal(kind, response, path):
    """Why the exempt route's answer is wrong for its kind, or None if it is right."""
    status = response.status_code
    location = re.sub(r"^/[a-z]{2}(?=/)", "", response.get("Location", ""))  # /fr/accounts/…
    if is_gate(response, path):
        return f"shows the gate, so it is not exempt: remove it from EXEMPT ({kind})"
    if status >= 500:
        return f"fails with {status}"
    if kind == OPEN:
        return None
    if kind in TO_SIGN_IN:
        if status == 302 and location.startswith(TO_SIGN_IN[kind]):
            return None
        if kind == STAFF and status in (401, 403, 404, 405):
            return None
        return f"answers {status} {location}, not a redirect to {TO_SIGN_IN[kind]}"
    if kind == TOKEN:
        return None if status in (400, 401, 403, 404) else f"answers {status} to a made-up token"
    if kind == WEBHOOK:
        return None if status == 404 else f"answers {status} with no webhook secret set"
    raise AssertionError(kind)


def paths_of(route):
    """The route's path in English and, for routes inside i18n_patterns, in every language."""
    if not route.translated:
        return [route.path]
    return [route.path] + [language_prefix(code) + route.path for code in other_languages()]


def test_every_route_shows_the_gate_or_is_classified(demo_site, settings):
    settings.ANYMAIL = {}  # no webhook secret: the webhooks must be off
    client = Client(raise_request_exception=False)
    routes = all_routes()
    assert len(routes) > 400  # Wagtail's admin alone has hundreds: the walk found them

    problems, used_rules = [], set()
    for route in routes:
        exempt = classify(route)
        if exempt is not None:
            used_rules.add(exempt)
        for path in paths_of(route):
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                if exempt is None:
                    if not is_gate(response, path):
                        problems.append(
                            f"{method.upper()} {path} ({route.name}) answers "
                            f"{response.status_code} {response.get('Location', '')} without a "
                            "declaration: let the gate cover it, or classify it in EXEMPT"
                        )
                elif method == "get" and (why := refusal(exempt.kind, response, path)):
                    problems.append(f"GET {path} ({route.name}, {exempt.kind}): {why}")

    assert not problems, "\n".join(problems)
    unused = [pattern for pattern, exempt in EXEMPT if exempt not in used_rules]
    assert not unused, f"EXEMPT rules that match no route any more: {unused}"


def test_every_published_page_shows_the_gate_unless_its_model_is_exempt(reviewed_translations):
    client = Client(raise_request_exception=False)
    pages = Page.objects.live().exclude(depth=1).specific()
    asked = 0
    for page in pages:
        url = page.get_url()
        if url is None:  # not under a site: nobody can reach it
            continue
        response = client.get(url)
        asked += 1
        if getattr(page, "gate_exempt", False):
            assert response.status_code == 200, url
        else:
            assert is_gate(response, url), (url, response.status_code)
    locales = {page.locale.language_code for page in pages}
    assert asked >= 20 and len(locales) > 1  # every demo page, and a translation


def test_a_new_route_that_is_not_classified_fails_the_inventory(demo_site, settings):
    """The inventory is not only a snapshot: a route the gate would not cover is caught."""
    settings.ROOT_URLCONF = "tests.gate.urls_with_an_open_route"
    settings.GATE_EXEMPT_PREFIXES = [*settings.GATE_EXEMPT_PREFIXES, "/open-by-mistake/"]
    with pytest.raises(AssertionError, match="open-by-mistake"):
        test_every_route_shows_the_gate_or_is_classified(demo_site, settings)
