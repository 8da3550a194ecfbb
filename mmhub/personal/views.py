"""Saved for later, areas of interest, recommendations and the personalisation switch.

Every action is a plain form POST that redirects back (works without JavaScript); with htmx the
same POST returns just the changed fragment. Actions state what they want ("save", "remove"),
never "toggle", so a double click or a retried request lands in the same state.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from mmhub.accounts import tokens
from mmhub.accounts.models import TokenPurpose
from mmhub.content.models import AreaOfInterest, readable_articles
from mmhub.gate.services import safe_return_url

from . import recommend, services
from .forms import AreasForm, TokenForm


def _private(response):
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _fragment_with_updates(request, template, context, announcement):
    """The replaced fragment, plus out-of-band updates: the header's saved count and an
    announcement in the page's persistent live region (a status region that arrives already
    filled in is often not read out)."""
    html = render_to_string(template, context, request)
    html += render_to_string(
        "personal/_saved_count.html",
        {"saved_total": len(services.saved_page_ids(request)), "oob": True},
        request,
    )
    html += render_to_string("personal/_live_status.html", {"announcement": announcement})
    return _private(HttpResponse(html))


def _back(request, fallback):
    """Back to the page the form was on (a local path only), else to the named fallback page."""
    return redirect(safe_return_url(request, request.POST.get("next") or reverse(fallback)))


def _action(request, allowed):
    action = request.POST.get("action", "")
    if action not in allowed:
        raise Http404("Unknown action")
    return action


@require_POST
def bookmark(request, page_id):
    action = _action(request, {"save", "remove"})
    if action == "save":
        page = get_object_or_404(readable_articles(request.user), pk=page_id)
        services.save(request, page)
    else:
        page = readable_articles(request.user).filter(pk=page_id).first()
        services.remove(request, page_id)
    if request.htmx and page is not None:
        context = {
            "article": page,
            "saved": action == "save",
            "changed": True,
            "compact": request.POST.get("compact") == "1",
        }
        if request.POST.get("context") == "saved-list":
            fragment = "personal/_saved_removed.html"
        else:
            fragment = "personal/_bookmark_button.html"
        if action == "save":
            announcement = gettext("“%(title)s” is saved for later.") % {"title": page.title}
        else:
            announcement = gettext("“%(title)s” is no longer saved.") % {"title": page.title}
        return _fragment_with_updates(request, fragment, context, announcement)
    if page is not None:
        if action == "save":
            messages.success(
                request, gettext("“%(title)s” is saved for later.") % {"title": page.title}
            )
        else:
            messages.info(
                request, gettext("“%(title)s” is no longer saved.") % {"title": page.title}
            )
    return _back(request, "personal:saved")


@require_POST
def mark_read(request, page_id):
    action = _action(request, {"read", "unread"})
    services.mark_read(request, page_id, read=action == "read")
    return redirect("personal:saved")


@require_http_methods(["GET", "HEAD"])
def saved(request):
    entries = services.saved_entries(request)
    context = {
        "unread": [entry for entry in entries if entry.read_at is None],
        "read": [entry for entry in entries if entry.read_at is not None],
        "has_account": request.user.is_authenticated,
    }
    return _private(render(request, "personal/saved.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def areas(request):
    onboarding = request.GET.get("welcome") == "1" or request.POST.get("welcome") == "1"
    next_url = safe_return_url(request, request.POST.get("next") or request.GET.get("next") or "")
    if request.method == "POST" and request.POST.get("action") == "skip":
        if request.user.is_authenticated:
            services.finish_onboarding(request.user)
        return redirect(next_url)
    form = AreasForm(request.POST or None, initial={"areas": services.followed_area_ids(request)})
    if request.method == "POST" and form.is_valid():
        services.set_followed_areas(request, [area.pk for area in form.cleaned_data["areas"]])
        if request.user.is_authenticated:
            services.finish_onboarding(request.user)
        count = len(form.cleaned_data["areas"])
        messages.success(
            request,
            ngettext(
                "You follow %(count)s area of interest. Your recommendations now start from them.",
                "You follow %(count)s areas of interest. Your recommendations now start from them.",
                count,
            )
            % {"count": count},
        )
        return redirect(next_url if onboarding else "personal:areas")
    context = {
        "form": form,
        "onboarding": onboarding,
        "next": next_url,
        "has_account": request.user.is_authenticated,
    }
    return _private(
        render(request, "personal/areas.html", context, status=400 if form.errors else 200)
    )


@require_POST
def follow_area(request, area_id):
    area = get_object_or_404(AreaOfInterest, pk=area_id)
    action = _action(request, {"follow", "unfollow"})
    if action == "follow":
        services.follow(request, area)
    else:
        services.unfollow(request, area)
    if request.htmx:
        context = {"area": area, "following": action == "follow", "changed": True}
        if action == "follow":
            announcement = gettext("You follow %(area)s.") % {"area": area.name}
        else:
            announcement = gettext("You no longer follow %(area)s.") % {"area": area.name}
        return _fragment_with_updates(
            request, "personal/_follow_button.html", context, announcement
        )
    if action == "follow":
        messages.success(request, gettext("You follow %(area)s.") % {"area": area.name})
    else:
        messages.info(request, gettext("You no longer follow %(area)s.") % {"area": area.name})
    return _back(request, "personal:areas")


@require_http_methods(["GET", "HEAD"])
def recommended(request):
    context = {
        "recommendations": recommend.for_reader(request, limit=10),
        "personalised": services.is_personalised(request),
        "follows_any": bool(services.followed_area_ids(request)),
    }
    return _private(render(request, "personal/recommended.html", context))


@require_http_methods(["GET", "HEAD"])
def how_it_works(request):
    context = {
        "personalised": services.is_personalised(request),
        "has_account": request.user.is_authenticated,
    }
    return _private(render(request, "personal/how_it_works.html", context))


@require_POST
def switch(request):
    action = _action(request, {"on", "off"})
    services.set_personalised(request, action == "on")
    if action == "off":
        messages.success(
            request,
            gettext(
                "Personalisation is off. Your reading history is deleted and nothing new is "
                "recorded. Recommendations now show what is popular and new."
            ),
        )
    else:
        messages.success(request, gettext("Personalisation is on."))
    return _back(request, "personal:how_it_works")


JUST_MADE_API_KEY_SESSION = "personal:new-api-token"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feeds_and_api(request):
    """Personal feed addresses and read-API keys: make, see and revoke them. A feed address is
    shown whenever the page is opened (it has to be pasted into a reader); an API key only once,
    right after it is made."""
    token_forms = {purpose: TokenForm(prefix=purpose) for purpose in TokenPurpose.values}
    failed = False
    if request.method == "POST":
        action = _action(request, {"create", "revoke", "revoke_all"})
        if action == "revoke":
            if tokens.revoke(request.user, request.POST.get("token", "")):
                messages.success(
                    request, gettext("Revoked. Whatever used it can no longer read MM Hub.")
                )
            return redirect("personal:feeds_and_api")
        if action == "revoke_all":
            tokens.revoke_all(request.user)
            messages.success(request, gettext("All your feed addresses and API keys are revoked."))
            return redirect("personal:feeds_and_api")
        purpose = request.POST.get("purpose", "")
        if purpose not in TokenPurpose.values:
            raise Http404("Unknown kind of token")
        form = token_forms[purpose] = TokenForm(request.POST, prefix=purpose)
        if form.is_valid():
            try:
                token = tokens.issue(request.user, purpose, form.cleaned_data["label"])
            except tokens.TooManyTokens:
                form.add_error(
                    "label",
                    gettext(
                        "You already have %(count)s. Revoke one you no longer use, then make "
                        "a new one."
                    )
                    % {"count": tokens.MAX_ACTIVE_PER_PURPOSE},
                )
            else:
                if purpose == TokenPurpose.API:
                    request.session[JUST_MADE_API_KEY_SESSION] = token.pk
                messages.success(request, gettext("Made “%(label)s”.") % {"label": token.label})
                return redirect("personal:feeds_and_api")
        failed = True
    new_api_token_id = request.session.pop(JUST_MADE_API_KEY_SESSION, None)
    areas = list(AreaOfInterest.objects.all())
    feed_tokens = list(tokens.active_tokens(request.user, TokenPurpose.FEEDS))
    for token in feed_tokens:
        secret = tokens.token_for(token)
        token.feed_url = request.build_absolute_uri(reverse("feed_articles", args=[secret]))
        token.area_feeds = [
            (area, request.build_absolute_uri(reverse("feed_area", args=[secret, area.slug])))
            for area in areas
        ]
    api_tokens = list(tokens.active_tokens(request.user, TokenPurpose.API))
    for token in api_tokens:
        token.secret = tokens.token_for(token) if token.pk == new_api_token_id else ""
    context = {
        "feed_tokens": feed_tokens,
        "api_tokens": api_tokens,
        "feed_form": token_forms[TokenPurpose.FEEDS],
        "api_form": token_forms[TokenPurpose.API],
        "max_tokens": tokens.MAX_ACTIVE_PER_PURPOSE,
    }
    response = render(
        request,
        "personal/feeds_and_api.html",
        context,
        status=400 if failed else 200,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
