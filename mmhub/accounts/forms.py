"""Sign-up carries the HCP declaration and the privacy consent; the profile form; deletion."""

from allauth.account.forms import (
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
    SignupForm,
)
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mmhub.gate.services import current_declaration, record_gate_acknowledgement
from mmhub.privacy.models import ConsentPurpose
from mmhub.privacy.services import record_consent

from .access import profile_for
from .models import HcpProfile

# Translators: the privacy consent a new account holder ticks; it is recorded as agreed.
ACCOUNT_CONSENT_TEXT = _(
    "I have read the privacy notice. MM Hub keeps my email address, my professional profile and "
    "my personal settings to run my account, until I delete the account."
)


class HcpSignupForm(SignupForm):
    """allauth's sign-up form plus the HCP declaration (recorded with its version) and consent."""

    declaration_version = forms.CharField(widget=forms.HiddenInput)
    hcp_declaration = forms.BooleanField(
        required=True,
        error_messages={
            "required": _(
                "MM Hub accounts are for healthcare professionals: tick the declaration "
                "to continue. Patients and carers: follow the link for you at the end of this page."
            )
        },
    )
    privacy_consent = forms.BooleanField(
        label=ACCOUNT_CONSENT_TEXT,
        required=True,
        error_messages={
            "required": _("Tick to agree to the privacy notice; we need it to keep your account.")
        },
    )

    field_order = ["email", "password1", "password2", "hcp_declaration", "privacy_consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(self, {"email": gettext("Email address"), "password2": gettext("Password again")})
        self.declaration = current_declaration()
        self.fields["hcp_declaration"].label = self.declaration.reader_text
        self.fields["declaration_version"].initial = self.declaration.version
        self.fields["email"].help_text = gettext(
            "Use a work address if you can. We send a link to confirm it before you can sign in."
        )

    def clean_declaration_version(self):
        version = self.cleaned_data["declaration_version"]
        if version != self.declaration.version:
            raise forms.ValidationError(
                gettext(
                    "The declaration's wording changed while this page was open. Please read it "
                    "again below and tick it to continue."
                )
            )
        return version

    def custom_signup(self, request, user):
        """allauth calls this once the user row exists, in the same request."""
        record_gate_acknowledgement(self.declaration, user)
        # The consent is recorded in the words the reader was shown.
        record_consent(ConsentPurpose.ACCOUNT, str(ACCOUNT_CONSENT_TEXT), user=user)
        profile_for(user)
        request.mmhub_declared = self.declaration


def relabel(form, labels):
    """allauth's labels are in Title Case ("Remember Me"); the site writes sentence case."""
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label


class HcpLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(
            self,
            {
                "login": gettext("Email address"),
                "remember": gettext("Keep me signed in on this device"),
            },
        )


class HcpChangePasswordForm(ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(
            self,
            {
                "oldpassword": gettext("Current password"),
                "password1": gettext("New password"),
                "password2": gettext("New password again"),
            },
        )


class HcpResetPasswordForm(ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(self, {"email": gettext("Email address")})


class HcpResetPasswordKeyForm(ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(
            self, {"password1": gettext("New password"), "password2": gettext("New password again")}
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = HcpProfile
        fields = [
            "profession",
            "specialty",
            "country",
            "workplace",
            "issuing_body",
            "issuing_body_name",
            "registration_number",
        ]
        # The model's verbose names and help texts, here so that readers see them translated.
        labels = {
            "profession": _("Profession"),
            "specialty": _("Specialty"),
            "country": _("Country"),
            "workplace": _("Workplace"),
            "issuing_body": _("Registration body"),
            "issuing_body_name": _("Name of the registration body"),
            "registration_number": _("Registration number"),
        }
        help_texts = {
            # Translators: medical specialties, e.g. haematology and oncology nursing.
            "specialty": _("For example haematology, oncology nursing"),
            # Translators: "Ordre des médecins" is the French medical council; keep it as an example.
            "issuing_body_name": _("Only when the body is not listed, e.g. Ordre des médecins"),
            # Translators: NPI, GMC and NMC PIN are official registration numbers; keep them as they are.
            "registration_number": _(
                "US NPI, UK GMC reference number or NMC PIN are checked for "
                "typing mistakes; a valid format is not yet a verification."
            ),
            "workplace": _("Optional: hospital, practice or company."),
        }


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that my account, profile and personal settings are deleted for good."
        ),
        required=True,
        error_messages={
            "required": _("Tick the box to confirm that you want to delete the account.")
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext("That is not your password. Nothing was deleted."))
        return password
