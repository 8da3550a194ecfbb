"""Endpoints that sit outside the CMS: health checks, robots.txt, and the pages for refused forms
and server errors."""

import sys
from urllib.parse import urlencode

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import server_error as django_server_error

from mmhub import health
from mmhub.gate.services import safe_return_url


@never_cache
@require_GET
def liveness(request):
    """The process answers: nothing else is checked, so a database outage does not get every web
    process restarted by its supervisor (that is what readiness is for)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readiness(request):
    """200 while the node can serve readers, 503 when it cannot: load balancers stop sending
    readers to it. Every check is named with "ok" or "unavailable".

    Only the database is essential (and the task queue when it is the database's table). Without
    Redis the node still serves every page (mmhub.health), so a Redis outage is "degraded", still
    200: Redis is shared, and failing readiness for it would take every node out at once."""
    results = health.check_all()
    if all(result == "ok" for result in results.values()):
        status = "ok"
    elif all(results[name] == "ok" for name in health.essential()):
        status = "degraded"
    else:
        status = "error"
    return JsonResponse({"status": status, **results}, status=503 if status == "error" else 200)


@require_GET
def robots_txt(request):
    # Content sits behind the HCP gate; crawlers only ever see the noindexed gate.
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/", "Disallow: /gate/"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def csrf_failure(request, reason=""):
    """A refused POST explains itself in the site's look and leads back to the form.

    Django's own page speaks of "CSRF verification"; an HCP whose browser blocks cookies needs to
    hear that cookies are blocked and what to change.
    """
    retry_url = request.path
    if next_url := request.POST.get("next"):
        retry_url = f"{request.path}?{urlencode({'next': safe_return_url(request, next_url)})}"
    context = {"cookie_missing": reason == REASON_NO_CSRF_COOKIE, "retry_url": retry_url}
    return render(request, "403_csrf.html", context, status=403)


# Seconds a reader (or a client) is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 5


def server_error(request):
    """handler500. A request that failed because the database did not answer (a restart, a
    failover, no connection left) gets a 503 with Retry-After: the reader is told to try again in
    a few seconds, and a load balancer or client knows that trying again is right. The connection
    that failed is closed at the end of the request (Django closes unusable connections), so the
    next request opens a fresh one and the site recovers by itself. Every other error is a 500.

    Neither page touches the database or the request's context: either may be what failed."""
    if _database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
    return django_server_error(request)


def _database_unavailable(error):
    """The error, or one it was raised from, is the database's connection failing. Django raises
    these as OperationalError / InterfaceError whichever database is in use."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False
