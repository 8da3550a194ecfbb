"""The site's URLconf with one route more, which neither the gate nor CSRF protection covers, and
which nobody classified: the inventory tests must catch it."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from mmhub.urls import urlpatterns as site_urlpatterns


@csrf_exempt
def open_by_mistake(request):
    return HttpResponse("content")


urlpatterns = [
    path("open-by-mistake/", open_by_mistake, name="open_by_mistake"),
    *site_urlpatterns,
]
