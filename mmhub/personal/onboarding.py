from django.urls import reverse

from . import services


def choose_areas_step(request):
    """New accounts choose their areas of interest once (or skip it) after their first sign-in."""
    if services.needs_onboarding(request.user):
        return reverse("personal:areas") + "?welcome=1"
    return None
