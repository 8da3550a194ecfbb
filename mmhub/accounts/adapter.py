"""allauth adapter: where people go after signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from .models import HcpProfile
from .onboarding import next_step_url


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """First sign-in without a profile: ask for it; then any other onboarding step."""
        profile = HcpProfile.objects.filter(user=request.user).only("profession").first()
        if profile is None or not profile.profession:
            return reverse("accounts:profile") + "?welcome=1"
        return next_step_url(request) or super().get_login_redirect_url(request)


def user_display(user):
    """How allauth names the user in messages ("Successfully signed in as …"): the email."""
    return user.email or user.get_username()
