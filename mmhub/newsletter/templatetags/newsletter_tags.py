"""The sign-up form at the foot of every page, for visitors who have declared."""

from django import template

from mmhub.gate.services import has_declared
from mmhub.newsletter.services import CONSENT_TEXT
from mmhub.translation.languages import without_prefix

register = template.Library()

# Not on the newsletter's own pages, and not beside the account forms (a second email field on
# the sign-in page confuses people and password managers).
QUIET_PREFIXES = ("/newsletter/", "/accounts/")


@register.inclusion_tag("newsletter/_footer_signup.html", takes_context=True)
def newsletter_signup(context):
    request = context.get("request")
    shown = (
        request is not None
        and not without_prefix(request.path).startswith(QUIET_PREFIXES)
        and (request.user.is_authenticated or has_declared(request))
    )
    return {
        "shown": shown,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "consent_text": CONSENT_TEXT,
        "account_email": request.user.email if shown and request.user.is_authenticated else "",
    }
