"""Every route and every published page refuses a POST whose CSRF token is wrong.

The routes come from the URL resolver (tests/routes.py), not from a list of forms: a view that
changes something and was made `csrf_exempt`, by us or by an installed app, fails this test
unless it is on CSRF_EXEMPT below with what protects it instead.

The POSTs come from a superuser who has declared and holds a CSRF cookie (as a browser would on a
forged cross-site form), so no sign-in or gate stands between the request and the view: only
the CSRF check does. Sign-in and the gate are tested on their own (tests/gate).
"""

import re

from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page

from tests.conftest import FLAGSHIP_PATH, declare
from tests.routes import all_routes, language_prefix, other_languages

WEBHOOK_SECRET = "provider:a-secret-for-the-csrf-test"

# Routes that may take a POST without a CSRF token, and the answer a POST without their own
# credentials gets instead. The first matching pattern holds.
CSRF_EXEMPT = [
    (
        r"^api/v1/(articles|areas|trials)",
        (405,),
        "read-only API (django-ninja) authenticated by a token in a header, not a cookie",
    ),
    (
        r"^newsletter/unsubscribe/",
        (404,),
        "RFC 8058 one-click unsubscribe: mail providers POST without a CSRF token; the secret "
        "token in the address authorises it (404 for a made-up one)",
    ),
    (
        r"^anymail/",
        (400, 401, 403, 405, 500),
        "the email provider cannot send a CSRF token: HTTP basic auth with the webhook secret "
        "instead (mmhub.newsletter.webhooks); 500 for providers whose package is not installed",
    ),
]


def csrf_exemption(route):
    for pattern, statuses, _reason in CSRF_EXEMPT:
        if re.search(pattern, route):
            return statuses
    return None


def is_csrf_refusal(response):
    """Django's refusal (our page, mmhub.views.csrf_failure), or Django REST framework's: the
    Wagtail admin's APIs are csrf_exempt for Django and check the token in DRF's
    SessionAuthentication instead."""
    if response.status_code != 403:
        return False
    templates = {template.name for template in response.templates}
    return "403_csrf.html" in templates or b'"CSRF Failed' in response.content


def forger(client):
    """A declared superuser's browser, with a CSRF cookie, that checks CSRF as a server does."""
    admin = get_user_model().objects.create_superuser("csrf-admin", "csrf@example.org", "x-pw-1")
    client.force_login(admin)
    declare(client)
    client.get(FLAGSHIP_PATH)  # a page with forms: sets the CSRF cookie
    strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
    strict.cookies = client.cookies
    assert strict.cookies.get("csrftoken")
    return strict


def post_without_a_valid_token(client, path):
    return client.post(path, {"csrfmiddlewaretoken": "x" * 64, "choice": "hcp", "email": "a@b.c"})


def test_every_route_refuses_a_post_without_a_valid_csrf_token(client, demo_site, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET}  # the webhooks' views are reached
    strict = forger(client)
    problems, exempt_seen = [], set()
    for route in all_routes():
        paths = [route.path]
        if route.translated:
            paths += [language_prefix(code) + route.path for code in other_languages()]
        exemption = csrf_exemption(route.route)
        for path in paths:
            response = post_without_a_valid_token(strict, path)
            if exemption is not None:
                exempt_seen.add(exemption)
                if response.status_code not in exemption:
                    problems.append(f"{path} ({route.name}) answers {response.status_code}")
            elif not is_csrf_refusal(response):
                problems.append(
                    f"{path} ({route.name}) answers {response.status_code} "
                    f"{response.get('Location', '')} to a POST with a wrong CSRF token: "
                    "remove its csrf_exempt, or add it to CSRF_EXEMPT with what protects it"
                )

    assert not problems, "\n".join(problems)
    assert len(exempt_seen) == len(CSRF_EXEMPT), "a CSRF_EXEMPT rule matches no route any more"


def test_every_published_page_refuses_a_post_without_a_valid_csrf_token(
    client, reviewed_translations
):
    strict = forger(client)
    urls = [page.get_url() for page in Page.objects.live().exclude(depth=1)]
    assert len(urls) >= 20

    refused = {url: is_csrf_refusal(post_without_a_valid_token(strict, url)) for url in urls}

    assert all(refused.values()), [url for url, ok in refused.items() if not ok]


def test_a_csrf_exempt_view_fails_the_enumeration(client, demo_site, settings):
    settings.ROOT_URLCONF = "tests.gate.urls_with_an_open_route"  # adds a csrf_exempt view
    settings.GATE_EXEMPT_PREFIXES = [*settings.GATE_EXEMPT_PREFIXES, "/open-by-mistake/"]
    try:
        test_every_route_refuses_a_post_without_a_valid_csrf_token(client, demo_site, settings)
    except AssertionError as failure:
        assert "/open-by-mistake/ (open_by_mistake) answers 200" in str(failure)
    else:
        raise AssertionError("a csrf_exempt route passed the CSRF enumeration")
