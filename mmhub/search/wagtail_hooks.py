"""Admin: Reports → Search terms, what readers searched for and what found nothing."""

from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import services

PERIODS = (7, 30, 90, 365)


class SearchTermsReportView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Search terms"
    header_icon = "search"
    template_name = "search/admin/search_terms.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            days = int(self.request.GET.get("days", 30))
        except ValueError:
            days = 30
        days = days if days in PERIODS else 30
        context.update(
            days=days,
            periods=PERIODS,
            top=services.top_terms(days=days),
            zero=services.top_terms(days=days, zero_only=True),
        )
        return context


@hooks.register("register_admin_urls")
def search_admin_urls():
    return [path("reports/search-terms/", SearchTermsReportView.as_view(), name="search_terms")]


@hooks.register("register_reports_menu_item")
def search_terms_menu_item():
    return MenuItem("Search terms", reverse("search_terms"), icon_name="search", order=900)
