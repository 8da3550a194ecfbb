from django import forms

from mmhub.content.models import AreaOfInterest


class AreasForm(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        label="Areas of interest",
        queryset=AreaOfInterest.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one area of interest. You can change them at any time."
        },
    )
