"""Staff review of HCP verification requests in the Wagtail admin.

A ModelViewSet lists the HCP profiles (the queue opens on requests waiting for review); its edit
view is the review page: the profile read-only, and while the request is pending, Approve or
Decline with a reason. Decisions go through `verification.approve` and `verification.reject`,
which also email the HCP. Profiles belong to their users, so there is no add, edit-form or delete
view: staff decide on a request, they never change what the HCP entered.

Reviewers need the "Can change HCP profile" permission (granted to the Moderators group).
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from django_countries import countries
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet

from .models import HcpProfile, IssuingBody, VerificationStatus
from .verification import approve, reject

NAMESPACE = "hcp_verification"
PENDING_FILTER = "?verification_status=" + VerificationStatus.PENDING

# Where a reviewer looks a registration number up. Other bodies: search for their public register.
PUBLIC_REGISTERS = {
    IssuingBody.UK_GMC: (
        "GMC: List of Registered Medical Practitioners",
        "https://www.gmc-uk.org/registration-and-licensing/the-medical-register",
    ),
    IssuingBody.UK_NMC: (
        "NMC: search the register",
        "https://www.nmc.org.uk/registration/search-the-register/",
    ),
    IssuingBody.US_NPI: ("NPPES NPI Registry", "https://npiregistry.cms.hhs.gov/"),
}


def pending_queue_url():
    return reverse(f"{NAMESPACE}:index") + PENDING_FILTER


def countries_in_use():
    """Only the countries some profile names: the filter would otherwise list ~250 of them."""
    codes = (
        HcpProfile.objects.exclude(country="")
        .values_list("country", flat=True)
        .distinct()
        .order_by()
    )
    return sorted(((code, countries.name(code)) for code in codes), key=lambda item: item[1])


class HcpProfileFilterSet(WagtailFilterSet):
    country = django_filters.ChoiceFilter(
        label="Country", choices=countries_in_use, empty_label="All", widget=forms.Select
    )

    class Meta:
        model = HcpProfile
        fields = ["verification_status", "profession", "country", "issuing_body"]


class VerificationQueueView(IndexView):
    """The list: only reviewers open it, and a row opens the review page (no edit or delete)."""

    any_permission_required = ["change"]
    page_title = "HCP verification"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")

    def order_queryset(self, queryset):
        # Profiles that never asked have no request date: keep them after the requests.
        if self.ordering in ("submitted_at", "-submitted_at"):
            requested = F("submitted_at")
            if self.ordering == "submitted_at":
                return queryset.order_by(requested.asc(nulls_last=True), "pk")
            return queryset.order_by(requested.desc(nulls_last=True), "-pk")
        return super().order_queryset(queryset)

    def get_list_more_buttons(self, instance):
        return []


class DeclineForm(forms.Form):
    # Whether a reason is needed is `reject`'s rule; the browser also asks for one before sending.
    reason = forms.CharField(
        label="Reason for declining",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "required": True}),
        help_text=(
            "The HCP receives this reason by email, word for word, with a link to correct their "
            "details and ask again. Say what did not match, e.g. “The GMC register shows no "
            "doctor with this reference number.”"
        ),
    )


class HcpReviewView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """One request, read-only, with Approve and Decline while it waits for review."""

    model = HcpProfile
    index_url_name = None
    edit_url_name = None
    permission_required = "change"
    page_title = "Review verification request"
    template_name = "accounts/admin/hcp_review.html"
    http_method_names = ["get", "post", "head", "options"]

    @cached_property
    def object(self):
        return get_object_or_404(
            HcpProfile.objects.select_related("user", "decided_by"), pk=self.kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": pending_queue_url(), "label": VerificationQueueView.page_title},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = self.object
        context["profile"] = profile
        context["decline_form"] = kwargs.get("decline_form") or DeclineForm()
        context["public_register"] = PUBLIC_REGISTERS.get(profile.issuing_body)
        context["action_url"] = self.request.path
        return context

    def post(self, request, *args, **kwargs):
        decision = request.POST.get("decision")
        decline_form = DeclineForm(request.POST if decision == "decline" else None)
        try:
            if decision == "approve":
                approve(self.object, request.user)
                message = f"{self.object} is now a verified HCP and was told so by email."
            elif decision == "decline":
                reject(self.object, request.user, request.POST.get("reason", ""))
                message = (
                    f"Declined the request of {self.object}; they were sent your reason by email."
                )
            else:
                raise ValidationError("Choose Approve or Decline.")
        except ValidationError as error:
            return self.refused(error, decline_form)
        messages.success(request, message, buttons=[messages.button(request.path, "View decision")])
        return redirect(pending_queue_url())

    def refused(self, error, decline_form):
        """Nothing changed: say why, on the page as it now stands."""
        text = " ".join(error.messages)
        messages.error(self.request, text)
        self.object.refresh_from_db()
        if decline_form.is_bound and self.object.is_pending:
            decline_form.add_error("reason", text)
        return self.render_to_response(self.get_context_data(decline_form=decline_form))


class HcpVerificationViewSet(ModelViewSet):
    model = HcpProfile
    name = NAMESPACE
    url_prefix = "hcp-verification"
    icon = "circle-check"
    menu_label = "HCP verification"
    menu_order = 250
    add_to_admin_menu = True
    add_to_reference_index = False

    index_view_class = VerificationQueueView
    edit_view_class = HcpReviewView
    copy_view_enabled = False

    list_display = [
        TitleColumn(
            "email",
            label="Account email",
            accessor="user.email",
            sort_key="user__email",
            url_name=f"{NAMESPACE}:edit",
        ),
        "profession",
        "country",
        Column("issuer_label", label="Registration body", sort_key="issuing_body"),
        "registration_number",
        StatusTagColumn(
            "status",
            label="Status",
            accessor="get_verification_status_display",
            sort_key="verification_status",
            primary=lambda profile: profile.is_pending,
        ),
        DateColumn("submitted_at", label="Requested", sort_key="submitted_at"),
    ]
    filterset_class = HcpProfileFilterSet
    search_fields = ["user__email", "registration_number"]
    ordering = "submitted_at"  # oldest request first
    list_per_page = 50

    @cached_property
    def menu_url(self):
        return pending_queue_url()

    def get_common_view_kwargs(self, **kwargs):
        # No add, delete, history or usage views exist for profiles: no links to them.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_edit_view_kwargs(self, **kwargs):
        # The review page has no model form: staff never edit the HCP's own details.
        return kwargs

    def get_permissions_to_register(self):
        # Reviewing is "change"; add and delete would grant nothing here, so they are not offered.
        return super().get_permissions_to_register().filter(codename="change_hcpprofile")

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("review/<int:pk>/", self.edit_view, name="edit"),
        ]


@hooks.register("register_admin_viewset")
def register_hcp_verification_viewset():
    return HcpVerificationViewSet()
