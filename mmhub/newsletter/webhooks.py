"""The email provider's webhooks (django-anymail's URLs), answered only while a secret guards them.

anymail accepts a webhook without credentials when ANYMAIL_WEBHOOK_SECRET is not set (it only
warns), and the webhooks are exempt from CSRF and from the gate. Anyone could then post a made-up
bounce or complaint and stop a subscriber's newsletter. Until the operator sets the secret, every
webhook answers 404 instead, as if it did not exist.
"""

from functools import wraps

from anymail import urls as anymail_urls
from anymail.utils import get_anymail_setting
from django.http import Http404
from django.urls import URLPattern

app_name = anymail_urls.app_name


def webhook_secret_is_set():
    """Read on every request: the settings can change without the URLconf being loaded again."""
    return bool(get_anymail_setting("webhook_secret", default=None))


def only_with_a_secret(view):
    @wraps(view)  # keeps csrf_exempt: the provider has no CSRF token, the secret stands in
    def guarded(request, *args, **kwargs):
        if not webhook_secret_is_set():
            raise Http404("Email provider webhooks are off until ANYMAIL_WEBHOOK_SECRET is set.")
        return view(request, *args, **kwargs)

    return guarded


urlpatterns = [
    URLPattern(
        pattern.pattern, only_with_a_secret(pattern.callback), pattern.default_args, pattern.name
    )
    for pattern in anymail_urls.urlpatterns
]
