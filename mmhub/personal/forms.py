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
