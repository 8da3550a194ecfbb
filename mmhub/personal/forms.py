from django import forms
from django.utils.translation import gettext_lazy as _

from mmhub.content.models import AreaOfInterest


class AreasForm(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas of interest"),
        queryset=AreaOfInterest.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one area of interest. You can change them at any time.")
        },
    )


class TokenForm(forms.Form):
    """A name for a new feed address or API key; one form per purpose on the page, told apart
    by their prefix (the purpose)."""

    label = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("So you can tell your links and keys apart, e.g. “Feedly on my phone”."),
        error_messages={"required": _("Give it a name, e.g. “Feedly on my phone”.")},
    )
