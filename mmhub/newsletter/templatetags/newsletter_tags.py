"""The sign-up form at the foot of every page, for visitors who have declared."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import escape

from mmhub.content import frames
from mmhub.gate.services import has_declared
from mmhub.newsletter.services import CONSENT_TEXT
from mmhub.translation.languages import without_prefix

register = template.Library()

# Not on the newsletter's own pages, and not beside the account forms (a second email field on
# the sign-in page confuses people and password managers).
QUIET_PREFIXES = ("/newsletter/", "/accounts/")


# Where a page frame (mmhub.content.frames) has the reader's address.
EMAIL = "\ue000email\ue001"


@register.simple_tag(takes_context=True)
def newsletter_signup(context):
    """A hole in page frames: whether the form shows, and the address in it, are the reader's."""
    request = context.get("request")
    if frames.recording(request) is not None:
        return frames.hole(request, "newsletter_signup", _form_html(EMAIL, frames.CSRF_TOKEN))
    if not _shown(request):
        return ""
    return _form_html(_account_email(request), context.get("csrf_token"))


def _shown(request):
    return (
        request is not None
        and not without_prefix(request.path).startswith(QUIET_PREFIXES)
        and (request.user.is_authenticated or has_declared(request))
    )


def _account_email(request):
    return request.user.email if request.user.is_authenticated else ""


def _form_html(account_email, csrf_token):
    return render_to_string(
        "newsletter/_footer_signup.html",
        {"csrf_token": csrf_token, "consent_text": CONSENT_TEXT, "account_email": account_email},
    )


@frames.filler("newsletter_signup")
def fill_newsletter_signup(request, holes):
    if not _shown(request):
        return [""] * len(holes)
    email = escape(_account_email(request))
    return [form.replace(EMAIL, email) for (form,) in holes]
