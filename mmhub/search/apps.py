"""Site search over published articles."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "mmhub.search"
    label = "mmhub_search"
    verbose_name = "Search"
