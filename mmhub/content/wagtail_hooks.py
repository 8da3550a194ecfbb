"""Areas of interest and sponsors as snippets, grouped in one admin menu for editors."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AreaOfInterest, Sponsor


class AreaOfInterestViewSet(SnippetViewSet):
    model = AreaOfInterest
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


class SponsorViewSet(SnippetViewSet):
    model = Sponsor
    icon = "group"
    list_display = ["name", "level", "url"]
    list_filter = ["level"]


class SiteContentGroup(SnippetViewSetGroup):
    menu_label = "Site content"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (AreaOfInterestViewSet, SponsorViewSet)


register_snippet(SiteContentGroup)
