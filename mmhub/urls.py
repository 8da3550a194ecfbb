"""URL map: operational endpoints first, then what readers see, in every language: English
without a prefix, the others under /es/, /fr/, /de/, /it/ (Wagtail's page tree last)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView
from wagtail.urls import serve_pattern as WAGTAIL_SERVE_PATTERN

from mmhub import views
from mmhub.api.api import api
from mmhub.content import routing
from mmhub.content.feeds import AreaFeed, ArticlesFeed
from mmhub.search import views as search_views

# A database that does not answer is a 503 with Retry-After, any other failure a 500 (mmhub.views).
handler500 = "mmhub.views.server_error"

urlpatterns = [
    path("health/", views.readiness, name="health"),
    path("health/live/", views.liveness, name="health_live"),
    path("health/ready/", views.readiness, name="health_ready"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(), name="wagtailimages_serve"
    ),
    path("anymail/", include("mmhub.newsletter.webhooks")),
    path("api/v1/", api.urls),  # outside the gate: a personal API token instead (mmhub.api)
    # Outside the gate: a personal feed token stands in for the declaration (content.feeds).
    path("feeds/<str:token>/articles.atom", ArticlesFeed(), name="feed_articles"),
    path("feeds/<str:token>/areas/<slug:slug>.atom", AreaFeed(), name="feed_area"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("gate/", include("mmhub.gate.urls")),
    path("accounts/", include("mmhub.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("personal/", include("mmhub.personal.urls")),
    path("polls/", include("mmhub.polls.urls")),
    path("newsletter/", include("mmhub.newsletter.urls")),
    path("", include("mmhub.content.urls")),
    path("search/", search_views.search, name="search"),
    # Wagtail's page serving, with routes kept in the shared cache (content.routing).
    re_path(WAGTAIL_SERVE_PATTERN, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
