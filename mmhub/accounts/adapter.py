"""allauth adapter: where people go after signing in."""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpResponseRedirect
from django.urls import reverse

from .models import HcpProfile
from .onboarding import next_step_url


def onboarding_url(request):
    """The first unfinished step for a new account: its profile, then the apps' own steps."""
    profile = HcpProfile.objects.filter(user=request.user).only("profession").first()
    if profile is None or not profile.profession:
        return reverse("accounts:profile") + "?welcome=1"
    return next_step_url(request)


def with_destination(step, destination):
    """The step's address, carrying where the person was going so they get there afterwards."""
    if not destination or destination.split("?")[0] == step.split("?")[0]:
        return step
    return f"{step}&{urlencode({'next': destination})}"


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return onboarding_url(request) or super().get_login_redirect_url(request)

    def post_login(self, request, user, **kwargs):
        """A new account goes through onboarding first, even when sign-in named a destination."""
        response = super().post_login(request, user, **kwargs)
        if isinstance(response, HttpResponseRedirect):
            step = onboarding_url(request)
            if step:
                return HttpResponseRedirect(with_destination(step, response.url))
        return response


def user_display(user):
    """How allauth names the user in messages ("Successfully signed in as …"): the email."""
    return user.email or user.get_username()
