"""HCP profiles: who an account holder is professionally, and whether staff verified it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from . import validators


class Profession(models.TextChoices):
    PHYSICIAN = "physician", _("Physician")
    NURSE = "nurse", _("Nurse")
    PHARMACIST = "pharmacist", _("Pharmacist")
    OTHER_HCP = "other_hcp", _("Other healthcare professional")
    # Translators: a profession: people working for drug or medical-device companies.
    INDUSTRY = "industry", _("Pharmaceutical or medical-device industry")
    OTHER = "other", _("Other")


class IssuingBody(models.TextChoices):
    # Translators: official names of registration bodies: translate the country and, if useful,
    # explain the name, but keep the English name and its abbreviation.
    US_NPI = "us_npi", _("United States: National Provider Identifier (NPI)")
    UK_GMC = "uk_gmc", _("United Kingdom: General Medical Council (GMC)")
    UK_NMC = "uk_nmc", _("United Kingdom: Nursing and Midwifery Council (NMC)")
    OTHER = "other", _("Another registration body")


REGISTRATION_VALIDATORS = {
    IssuingBody.US_NPI: validators.validate_npi,
    IssuingBody.UK_GMC: validators.validate_gmc,
    IssuingBody.UK_NMC: validators.validate_nmc_pin,
    IssuingBody.OTHER: validators.validate_free_text,
}


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified")
    PENDING = "pending", _("Waiting for review")
    # Translators: HCP = healthcare professional whose registration our team checked.
    VERIFIED = "verified", _("Verified HCP")
    REJECTED = "rejected", _("Not verified (request declined)")


class HcpProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hcp_profile"
    )
    profession = models.CharField(max_length=20, choices=Profession.choices, blank=True)
    specialty = models.CharField(
        max_length=120, blank=True, help_text="For example haematology, oncology nursing"
    )
    country = CountryField(blank=True)
    workplace = models.CharField(max_length=200, blank=True)
    issuing_body = models.CharField(
        "registration body", max_length=20, choices=IssuingBody.choices, blank=True
    )
    issuing_body_name = models.CharField(
        "name of the registration body",
        max_length=200,
        blank=True,
        help_text="Only when the body is not listed, e.g. Ordre des médecins",
    )
    registration_number = models.CharField(max_length=40, blank=True)

    verification_status = models.CharField(
        max_length=12,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
        db_index=True,
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(blank=True)
    verified_by_service = models.CharField(
        max_length=80, blank=True, help_text="Which Verifier decided, e.g. manual review"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "HCP profile"
        verbose_name_plural = "HCP profiles"
        ordering = ["submitted_at", "id"]

    def __str__(self):
        return self.user.email or self.user.get_username()

    @property
    def is_verified(self):
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def is_pending(self):
        return self.verification_status == VerificationStatus.PENDING

    @property
    def issuer_label(self):
        if self.issuing_body == IssuingBody.OTHER:
            return self.issuing_body_name
        return self.get_issuing_body_display()

    def missing_for_verification(self):
        """What still has to be filled in before verification can be requested, in words."""
        missing = []
        if not self.profession:
            # Translators: the profile fields still to fill in, listed after "Before you ask,
            # fill in:" (this one and the four that follow).
            missing.append(gettext("profession"))
        if not self.country:
            missing.append(gettext("country"))
        if not self.issuing_body:
            missing.append(gettext("registration body"))
        elif self.issuing_body == IssuingBody.OTHER and not self.issuing_body_name:
            missing.append(gettext("name of the registration body"))
        if not self.registration_number:
            missing.append(gettext("registration number"))
        return missing

    def clean(self):
        super().clean()
        if self.registration_number and self.issuing_body:
            try:
                self.registration_number = REGISTRATION_VALIDATORS[self.issuing_body](
                    self.registration_number
                )
            except ValidationError as error:
                raise ValidationError({"registration_number": error.messages}) from error
        elif self.registration_number and not self.issuing_body:
            raise ValidationError(
                {"issuing_body": gettext("Choose the body that issued this registration number.")}
            )
        if self.issuing_body == IssuingBody.OTHER and not self.issuing_body_name.strip():
            raise ValidationError(
                {"issuing_body_name": gettext("Name the body that issued your registration.")}
            )


class TokenPurpose(models.TextChoices):
    # Translators: what a personal access token is for: a feed reader (RSS/Atom application).
    FEEDS = "feeds", _("Feed reader")
    # Translators: what a personal access token is for: programs reading MM Hub's JSON API.
    API = "api", _("Read API")


class AccessToken(models.Model):
    """A personal, revocable key for what cannot pass the HCP gate itself: feed readers and
    programs using the read API. The token handed out is `key_id` signed with the site's
    secret key (see `mmhub.accounts.tokens`); only `key_id` is stored, so a database copy
    holds nothing that opens a feed, and revoking is one field."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    purpose = models.CharField(max_length=10, choices=TokenPurpose.choices)
    label = models.CharField(
        max_length=80, help_text="The account holder's name for it, e.g. Feedly on my phone"
    )
    key_id = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "purpose"])]

    def __str__(self):
        return f"{self.get_purpose_display()}: {self.label}"

    @property
    def is_active(self):
        return self.revoked_at is None
