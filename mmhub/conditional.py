"""Conditional GET for pages that carry forms.

Django's ConditionalGetMiddleware tags a response with a hash of its bytes, but every page with
a form (a bookmark button, a poll) carries a freshly masked CSRF token, so no two responses are
alike and the tag never matches. Here the tag hashes the page without its masked tokens, plus
(a hash of) the reader's CSRF secret, which every masked token encodes. A 304 therefore sends
the reader back to a copy whose tokens are still valid for their secret; once the secret changes
(signing in rotates it) the tag changes too.
"""

import hashlib
import re

from django.middleware.http import ConditionalGetMiddleware
from django.utils.http import quote_etag

MASKED_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


class FormSafeConditionalGetMiddleware(ConditionalGetMiddleware):
    def process_response(self, request, response):
        if (
            request.method == "GET"
            and not response.streaming
            and response.content
            and not response.has_header("ETag")
            and self.needs_etag(response)
        ):
            digest = hashlib.md5(usedforsecurity=False)
            digest.update(MASKED_TOKEN.sub(rb"\1\2", response.content))
            digest.update(request.META.get("CSRF_COOKIE", "").encode())
            response.headers["ETag"] = quote_etag(digest.hexdigest())
        return super().process_response(request, response)
