"""The sign-up and preferences forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mmhub.content.models import AreaOfInterest

from .models import Frequency
from .services import CONSENT_TEXT


class AreasField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=AreaOfInterest.objects.all(),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("Areas of interest"),
            help_text=_(
                "New content in these areas comes first. Choose none to get a bit of everything."
            ),
            **kwargs,
        )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter the email address the newsletter should go to."),
            "invalid": _("Enter an email address like name@hospital.org."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    areas = AreasField()
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Tick the box to agree to receive the newsletter by email.")},
    )


class PreferencesForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    areas = AreasField()
    paused = forms.BooleanField(
        label=_("Pause the newsletter (nothing is sent until you untick this)"), required=False
    )
