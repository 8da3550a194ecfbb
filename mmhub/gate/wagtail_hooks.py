"""Declarations in the Wagtail admin, with how often each wording was acknowledged."""

from django.db.models import Count
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Declaration


class DeclarationViewSet(SnippetViewSet):
    model = Declaration
    icon = "doc-full"
    menu_label = "HCP declarations"
    add_to_admin_menu = False
    ordering = ["-created_at", "-id"]
    list_display = [
        "version",
        "created_at",
        Column("acknowledgement_count", label="Acknowledgements"),
        "text",
    ]

    def get_queryset(self, request):
        return Declaration.objects.annotate(acknowledgement_count=Count("acknowledgements"))


register_snippet(DeclarationViewSet)
