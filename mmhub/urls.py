"""URL map: operational endpoints and the gate first, then Wagtail's page tree for everything else."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from mmhub import views
from mmhub.content.feeds import LatestArticlesFeed
from mmhub.search import views as search_views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("gate/", include("mmhub.gate.urls")),
    path("accounts/", include("mmhub.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(), name="wagtailimages_serve"
    ),
    path("personal/", include("mmhub.personal.urls")),
    path("polls/", include("mmhub.polls.urls")),
    path("newsletter/", include("mmhub.newsletter.urls")),
    path("anymail/", include("anymail.urls")),
    path("search/", search_views.search, name="search"),
    path("feeds/latest/", LatestArticlesFeed(), name="feed_latest"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
