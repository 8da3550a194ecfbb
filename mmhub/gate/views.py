"""The gate pages: the HCP declaration and the page for patients and carers."""

from functools import wraps

from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .services import (
    current_declaration,
    has_declared,
    record_gate_acknowledgement,
    remember_declaration,
    safe_return_url,
)

PATIENT_ORGANISATIONS = [
    {
        "name": "International Myeloma Foundation",
        "url": "https://www.myeloma.org/",
        "summary": _(
            "Information about myeloma and its treatment written for patients and "
            "families, with a helpline staffed by specialist nurses."
        ),
    },
    {
        "name": "HealthTree for Multiple Myeloma",
        "url": "https://healthtree.org/myeloma",
        "summary": _(
            "Patient education, a clinical-trial finder and a community for people "
            "living with myeloma and those who care for them."
        ),
    },
]


def not_for_search_engines(view):
    """Gate pages must never be indexed or cached where another visitor could be served them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper


@not_for_search_engines
@require_http_methods(["GET", "HEAD", "POST"])
def declare(request):
    next_url = safe_return_url(request, request.POST.get("next") or request.GET.get("next"))
    declaration = current_declaration()
    error = ""
    if request.method == "POST":
        choice = request.POST.get("choice")
        if choice == "hcp":
            record_gate_acknowledgement(declaration, request.user)
            response = redirect(next_url)
            remember_declaration(request, response, declaration)
            return response
        if choice == "patient":
            return redirect("gate:patients")
        error = gettext("Choose one of the two options below to continue.")
    elif has_declared(request):
        return redirect(next_url)
    context = {"declaration": declaration, "next_url": next_url, "error": error}
    return render(request, "gate/declare.html", context, status=400 if error else 200)


@not_for_search_engines
@require_http_methods(["GET", "HEAD"])
def patients(request):
    return render(request, "gate/patients.html", {"organisations": PATIENT_ORGANISATIONS})
