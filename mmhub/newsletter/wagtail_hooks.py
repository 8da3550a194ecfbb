"""The newsletter in the Wagtail admin: preview a digest, and see how the sending went."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from mmhub.content.models import AreaOfInterest

from . import delivery, digests, emails
from .models import DeliveryStatus, DigestDelivery, Frequency, Subscriber, SubscriptionStatus

PERSONAL_DATA_PERMISSION = "newsletter.view_subscriber"
# Column headings of the per-period table; the full labels are in the explanation above it.
SHORT_STATUS = {
    DeliveryStatus.QUEUED: "Queued",
    DeliveryStatus.SENDING: "Sending",
    DeliveryStatus.SENT: "Sent",
    DeliveryStatus.SKIPPED: "Nothing new",
    DeliveryStatus.FAILED: "Failed",
    DeliveryStatus.UNCERTAIN: "Uncertain",
}
PROBLEMS_SHOWN = 50


class PreviewForm(forms.Form):
    frequency = forms.ChoiceField(choices=Frequency.choices, initial=Frequency.WEEKLY)
    areas = forms.ModelMultipleChoiceField(
        AreaOfInterest.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: a subscriber who wants every area",
    )
    account = forms.EmailField(
        required=False,
        label="As this account (optional)",
        help_text="Adds the account's recommendations, as its digest would show them",
    )

    def __init__(self, *args, may_see_accounts=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_see_accounts:
            del self.fields["account"]

    def clean_account(self):
        address = self.cleaned_data["account"]
        if not address:
            return None
        user = get_user_model().objects.filter(email__iexact=address).first()
        if user is None:
            raise forms.ValidationError(
                "No account uses this address. Check it, or leave the field empty."
            )
        return user


class DigestPreviewView(WagtailAdminTemplateMixin, TemplateView):
    """The digest a subscriber with these choices would get now, both parts, nothing sent."""

    page_title = "Newsletter digest preview"
    header_icon = "mail"
    template_name = "newsletter/admin/preview.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        from mmhub.content.context_processors import site_links

        context = super().get_context_data(**kwargs)
        may_see_accounts = self.request.user.has_perm(PERSONAL_DATA_PERMISSION)
        form = PreviewForm(self.request.GET or None, may_see_accounts=may_see_accounts)
        context["form"] = form
        if self.request.GET and not form.is_valid():
            return context
        data = form.cleaned_data if self.request.GET else {"frequency": Frequency.WEEKLY}
        user = data.get("account")
        subscriber = Subscriber(
            email=user.email if user else "reader@example.org",
            frequency=data["frequency"],
            user=user,
            status=SubscriptionStatus.ACTIVE,
        )
        areas = [area.pk for area in data.get("areas", [])]
        digest = digests.preview(subscriber, areas)
        subject, text, html = emails.render_digest(digest, site_links(self.request)["site_links"])
        context.update(digest=digest, subject=subject, text=text, html=html)
        return context


class DeliveryReportView(WagtailAdminTemplateMixin, TemplateView):
    """Subscribers by status, the latest periods' deliveries, and what needs an operator."""

    page_title = "Newsletter sending"
    header_icon = "mail"
    template_name = "newsletter/admin/report.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subscribers = dict(
            Subscriber.objects.order_by().values_list("status").annotate(n=Count("pk"))
        )
        context["subscribers"] = [
            (label, subscribers.get(value, 0)) for value, label in SubscriptionStatus.choices
        ]
        periods = list(
            DigestDelivery.objects.order_by("-period")
            .values_list("period", flat=True)
            .distinct()[:6]
        )
        rows = (
            DigestDelivery.objects.filter(period__in=periods)
            .order_by()
            .values_list("period", "status")
            .annotate(n=Count("pk"))
        )
        table = {period: {} for period in periods}
        for period, status, n in rows:
            table[period][status] = n
        context["statuses"] = [(value, SHORT_STATUS[value]) for value, _ in DeliveryStatus.choices]
        context["periods"] = [
            (period, [table[period].get(value, 0) for value, _ in DeliveryStatus.choices])
            for period in periods
        ]
        context["due"] = delivery.due_periods()
        context["now"] = timezone.now()
        if self.request.user.has_perm(PERSONAL_DATA_PERMISSION):
            context["problems"] = (
                DigestDelivery.objects.filter(
                    status__in=[DeliveryStatus.UNCERTAIN, DeliveryStatus.FAILED]
                )
                .select_related("subscriber")
                .order_by("-created_at")[:PROBLEMS_SHOWN]
            )
        return context


@hooks.register("register_admin_urls")
def newsletter_admin_urls():
    return [
        path("newsletter/preview/", DigestPreviewView.as_view(), name="newsletter_preview"),
        path("newsletter/sending/", DeliveryReportView.as_view(), name="newsletter_report"),
    ]


@hooks.register("register_admin_menu_item")
def newsletter_menu_item():
    submenu = Menu(
        items=[
            MenuItem("Digest preview", reverse("newsletter_preview"), icon_name="view"),
            MenuItem("Sending", reverse("newsletter_report"), icon_name="table"),
        ]
    )
    return SubmenuMenuItem("Newsletter", submenu, icon_name="mail", order=240)
