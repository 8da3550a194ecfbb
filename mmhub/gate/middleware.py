"""Default-deny HCP gate: every route answers with the gate unless it is exempt or the visitor declared."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from .services import has_declared, is_exempt_page, is_exempt_path, remember_declaration


class HcpGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.remember_account_declaration(request, self.respond(request))

    def respond(self, request):
        if is_exempt_path(request.path_info):
            return self.get_response(request)
        if has_declared(request):
            response = self.get_response(request)
            # Content for HCPs: only the reader's own browser may keep it, never a shared cache,
            # and the same URL answers differently without the declaration cookie.
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
            return response
        if is_exempt_page(request):
            return self.get_response(request)
        return gate_response(request)

    @staticmethod
    def remember_account_declaration(request, response):
        """Sign-up and sign-in declare (see mmhub.accounts): set the cookie on their response."""
        declaration = getattr(request, "mmhub_declared", None)
        if declaration is not None:
            remember_declaration(request, response, declaration)
        return response


def gate_response(request):
    gate_url = f"{reverse('gate:declare')}?{urlencode({'next': request.get_full_path()})}"
    if "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {
                "detail": "This content is for healthcare professionals. "
                "Confirm the declaration at the gate URL, then retry with the cookie it sets.",
                "gate": gate_url,
            },
            status=403,
        )
    else:
        response = HttpResponseRedirect(gate_url)
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response
