"""Who is calling: a personal API token in `Authorization: Bearer <token>`, nothing else.

Sessions and cookies are ignored, so a signed-in browser cannot be made to call the API for its
user (no CSRF to worry about) and `request.user` is never consulted: the caller is
`request.auth`. Feed tokens are signed for another purpose and do not open the API.
"""

from ninja.security import HttpBearer

from mmhub.accounts.models import TokenPurpose
from mmhub.accounts.tokens import authenticate

from . import ratelimit

GETTING_STARTED = (
    "Sign in to MM Hub, open Feeds and API in your account, create an API token and send it as "
    "'Authorization: Bearer <token>'."
)


class ApiToken(HttpBearer):
    def authenticate(self, request, token):
        reader = authenticate(token, TokenPurpose.API)
        if reader is None:
            return None
        # Counted per token: the part before the signature names the stored token.
        request.api_quota = ratelimit.spend(token.rsplit(".", 1)[0])
        return reader


def unauthorized_detail(request):
    if request.headers.get("Authorization"):
        return "This API token is not valid or was revoked. " + GETTING_STARTED
    return "This API needs a personal API token. " + GETTING_STARTED


def www_authenticate(request):
    """RFC 6750: the scheme, and `invalid_token` when a token was sent but refused."""
    if request.headers.get("Authorization"):
        return 'Bearer realm="MM Hub API", error="invalid_token"'
    return 'Bearer realm="MM Hub API"'
