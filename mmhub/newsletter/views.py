"""Subscribe (behind the gate), and the pages the emails link to (open: no gate, no sign-in)."""

from allauth.core import ratelimit
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from mmhub.content.models import AreaOfInterest

from . import services
from .forms import PreferencesForm, SubscribeForm
from .models import Subscriber

RATE_LIMITED = _(
    "Too many subscription requests from your connection. Wait a few minutes, then try again."
)


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    account_email = request.user.email if request.user.is_authenticated else ""
    initial = {"email": account_email, "areas": services.default_areas(request)}
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not ratelimit.consume(
            request, action="newsletter_subscribe", key=services.normalise(email)
        ):
            form.add_error(None, RATE_LIMITED)
            return _private(
                render(request, "newsletter/subscribe.html", {"form": form}, status=429)
            )
        areas = form.cleaned_data["areas"]
        if request.POST.get("source") == "footer":
            areas = AreaOfInterest.objects.filter(pk__in=services.default_areas(request))
        outcome = services.subscribe(
            email, frequency=form.cleaned_data["frequency"], areas=areas, user=request.user
        )
        request.session["newsletter_outcome"] = {
            "kind": outcome.kind,
            "email": outcome.subscriber.email,
        }
        return redirect("newsletter:thanks")
    context = {"form": form, "account_email": account_email}
    return _private(
        render(request, "newsletter/subscribe.html", context, status=400 if form.errors else 200)
    )


def thanks(request):
    outcome = request.session.pop("newsletter_outcome", None)
    if outcome is None:
        return redirect("newsletter:subscribe")
    return _private(render(request, "newsletter/thanks.html", {"outcome": outcome}))


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, code):
    """GET shows a button, POST confirms: link scanners that open every link confirm nothing."""
    try:
        subscriber = services.subscriber_for_confirmation(code)
    except services.LinkRefused as refusal:
        return _private(
            render(request, "newsletter/link_refused.html", {"message": str(refusal)}, status=400)
        )
    if request.method == "POST":
        subscriber = services.confirm(subscriber)
        return _private(render(request, "newsletter/confirmed.html", {"subscriber": subscriber}))
    return _private(render(request, "newsletter/confirm.html", {"subscriber": subscriber}))


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscriber = get_object_or_404(Subscriber, token=token)
    initial = {
        "frequency": subscriber.frequency,
        "areas": list(subscriber.areas.values_list("pk", flat=True)),
        "paused": subscriber.paused,
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid() and subscriber.is_active:
        services.update_preferences(subscriber, **form.cleaned_data)
        saved = True
    context = {"subscriber": subscriber, "form": form, "saved": saved}
    return _private(render(request, "newsletter/manage.html", context))


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" with no CSRF token;
@require_http_methods(["GET", "HEAD", "POST"])  # the secret token in the address authorises it.
def unsubscribe(request, token):
    subscriber = get_object_or_404(Subscriber, token=token)
    if request.method == "POST":
        subscriber = services.unsubscribe(subscriber)
        return _private(render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber}))
    return _private(render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber}))
