"""Endpoints that sit outside the CMS: health checks, robots.txt and the refused-form page."""

from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
    """200 when the database, the cache and the task queue answer, 503 naming the one that does
    not: load balancers stop sending readers to a node that cannot serve them."""
    results = health.check_all()
    ready = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", **results}, status=200 if ready else 503
    )


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
