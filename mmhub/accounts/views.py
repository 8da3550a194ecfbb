"""Account pages of our own: the HCP profile, verification requests, "Your data" and deletion."""

import copy
import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from mmhub.gate.services import safe_return_url
from mmhub.privacy.registry import delete_account, export_user_data, summarise_user_data

from . import verification
from .access import profile_for
from .adapter import with_destination
from .emails import send_account_deleted
from .forms import DeleteAccountForm, ProfileForm
from .onboarding import next_step_url


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    profile = profile_for(request.user)
    welcome = request.GET.get("welcome") == "1"
    before = copy.copy(profile)  # the form writes the posted values onto `profile`
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        updated = form.save(commit=False)
        was_reviewed = before.verification_status != "unverified"
        if was_reviewed and verification.registration_changed(before, updated):
            verification.reset_after_registration_change(updated)
            messages.warning(
                request,
                gettext(
                    "Your profile is saved. Because you changed your profession or registration, "
                    "your verification starts again: ask for it below when you are ready."
                ),
            )
        else:
            messages.success(request, gettext("Your profile is saved."))
        updated.save()
        if welcome:
            return redirect(_after_welcome(request))
        return redirect("accounts:profile")
    # A form sent back with errors has written the unsaved input onto `profile`: describe the
    # profile as it is stored.
    context = {
        "form": form,
        "profile": before,
        "missing": before.missing_for_verification(),
        "welcome": welcome,
        "skip_url": _after_welcome(request) if welcome else "",
    }
    return render(request, "accounts/profile.html", context, status=400 if form.errors else 200)


def _after_welcome(request):
    """After the first profile (saved or skipped): the next onboarding step, then the destination."""
    destination = request.GET.get("next", "")
    destination = safe_return_url(request, destination) if destination else ""
    step = next_step_url(request)
    if step:
        return with_destination(step, destination)
    return destination or reverse("accounts:profile")


@login_required
@require_POST
def request_verification(request):
    profile = profile_for(request.user)
    try:
        verification.request_verification(profile)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if profile.is_pending:
            messages.success(
                request,
                gettext(
                    "Thank you. Our team will check your registration and email you the outcome."
                ),
            )
        else:
            messages.info(
                request,
                gettext("Verification: %(status)s.")
                % {"status": profile.get_verification_status_display()},
            )
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET", "HEAD"])
def your_data(request):
    context = {"sections": summarise_user_data(request.user)}
    response = render(request, "accounts/your_data.html", context)
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def download_data(request):
    payload = json.dumps(export_user_data(request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    filename = f"mmhub-your-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            messages.error(request, gettext("Too many attempts. Wait a minute, then try again."))
            return redirect("accounts:delete")
        if form.is_valid():
            user = request.user
            email = user.email
            delete_account(user)
            logout(request)
            if email:
                send_account_deleted(email)
            return redirect("accounts:deleted")
    response = render(
        request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200
    )
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "HEAD"])
def deleted(request):
    return render(request, "accounts/deleted.html")
