from django import forms
from django.utils.translation import gettext_lazy as _

from mmhub.content.models import AreaOfInterest, ArticleType

from .services import MAX_QUERY_LENGTH, Filters


class SearchForm(forms.Form):
    """The search box and its filters, all in the URL (GET), so a search can be bookmarked and
    shared. A value that makes no sense is reported, not guessed."""

    q = forms.CharField(label=_("Search terms"), max_length=MAX_QUERY_LENGTH, required=False)
    area = forms.ModelChoiceField(
        label=_("Area of interest"),
        queryset=AreaOfInterest.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All areas"),
    )
    type = forms.ChoiceField(
        label=_("Article type"),
        choices=[("", _("All types"))] + list(ArticleType.choices),
        required=False,
    )
    published_after = forms.DateField(
        label=_("Published from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-01-31.")},
    )
    published_before = forms.DateField(
        label=_("Published until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-12-31.")},
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("relevance", _("Relevance")), ("date", _("Newest first"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("published_after"), cleaned.get("published_before")
        if after and before and after > before:
            self.add_error(
                "published_before",
                _("The end of the date range is before its start. Swap the two dates."),
            )
        return cleaned

    def filters(self):
        data = self.cleaned_data
        return Filters(
            area=data.get("area"),
            article_type=data.get("type") or "",
            published_after=data.get("published_after"),
            published_before=data.get("published_before"),
            sort=data.get("sort") or "relevance",
        )
