"""Polls in the Wagtail admin: editors create and place them, see results and export them as CSV."""

import csv

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views.generic import TemplateView, View
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .forms import PollForm
from .models import Poll
from .services import count_votes

VIEW_PERMISSIONS = ["add", "change", "delete", "view"]


class MomentColumn(Column):
    """A date and time as such ("4 Feb 2027, 18:00"): relative times read wrongly for the future."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return "No closing date"
        return date_format(timezone.localtime(value), "j M Y, H:i")


class PollIndexView(IndexView):
    results_url_name = None

    def get_list_more_buttons(self, instance):
        results_url = reverse(self.results_url_name, args=[instance.pk])
        results = MenuItem("Results", url=results_url, icon_name="table", priority=5)
        return [results, *super().get_list_more_buttons(instance)]


class PollResultsMixin(PermissionCheckedMixin):
    model = Poll
    index_url_name = None
    any_permission_required = VIEW_PERMISSIONS

    @cached_property
    def poll(self):
        return get_object_or_404(Poll.objects.prefetch_related("options"), pk=self.kwargs["pk"])


class PollResultsView(PollResultsMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = "Poll results"
    header_icon = "table"
    template_name = "polls/admin/results.html"

    def get_page_subtitle(self):
        return self.poll.question

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "Polls"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["poll"] = self.poll
        context["results"] = count_votes(self.poll)
        context["csv_url"] = self.request.path + "csv/"
        return context


class PollResultsCsvView(PollResultsMixin, View):
    """Totals per option, as shown to readers, plus when the file was made: no voter data."""

    def get(self, request, *args, **kwargs):
        poll = self.poll
        results = count_votes(poll)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = slugify(poll.question)[:60] or f"poll-{poll.pk}"
        response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-{name}.csv"'
        writer = csv.writer(response)
        writer.writerow(["poll", "question", "status", "respondents", "option", "votes", "percent"])
        for row in results.options:
            writer.writerow(
                [
                    poll.pk,
                    poll.question,
                    poll.status(),
                    results.respondents,
                    row.option.text,
                    row.votes,
                    row.percent,
                ]
            )
        writer.writerow([])
        writer.writerow(["exported_at", timezone.now().isoformat(timespec="seconds")])
        return response


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = "Polls"
    menu_order = 230
    add_to_admin_menu = True
    edit_handler = ObjectList(Poll.panels, base_form_class=PollForm)
    index_view_class = PollIndexView
    list_display = [
        "question",
        Column("status_label", label="Status"),
        Column("respondent_count", label="Respondents", sort_key="respondent_count"),
        MomentColumn("opens_at", label="Opens"),
        MomentColumn("closes_at", label="Closes", sort_key="closes_at"),
    ]
    search_fields = ["question"]

    def get_queryset(self, request):
        return Poll.objects.annotate(respondent_count=Count("votes"))

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            results_url_name=self.get_url_name("results"), **kwargs
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "results/<int:pk>/",
                self.construct_view(PollResultsView, **self.get_common_view_kwargs()),
                name="results",
            ),
            path(
                "results/<int:pk>/csv/",
                self.construct_view(PollResultsCsvView, **self.get_common_view_kwargs()),
                name="results_csv",
            ),
        ]


register_snippet(PollViewSet)
