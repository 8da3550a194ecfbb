"""HCP profiles: who an account holder is professionally, and whether staff verified it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django_countries.fields import CountryField

from . import validators


class Profession(models.TextChoices):
    PHYSICIAN = "physician", "Physician"
    NURSE = "nurse", "Nurse"
    PHARMACIST = "pharmacist", "Pharmacist"
    OTHER_HCP = "other_hcp", "Other healthcare professional"
    INDUSTRY = "industry", "Pharmaceutical or medical-device industry"
    OTHER = "other", "Other"


class IssuingBody(models.TextChoices):
    US_NPI = "us_npi", "United States: National Provider Identifier (NPI)"
    UK_GMC = "uk_gmc", "United Kingdom: General Medical Council (GMC)"
    UK_NMC = "uk_nmc", "United Kingdom: Nursing and Midwifery Council (NMC)"
    OTHER = "other", "Another registration body"


REGISTRATION_VALIDATORS = {
    IssuingBody.US_NPI: validators.validate_npi,
    IssuingBody.UK_GMC: validators.validate_gmc,
    IssuingBody.UK_NMC: validators.validate_nmc_pin,
    IssuingBody.OTHER: validators.validate_free_text,
}


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Not verified"
    PENDING = "pending", "Waiting for review"
    VERIFIED = "verified", "Verified HCP"
    REJECTED = "rejected", "Not verified (request declined)"


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
            missing.append("profession")
        if not self.country:
            missing.append("country")
        if not self.issuing_body:
            missing.append("registration body")
        elif self.issuing_body == IssuingBody.OTHER and not self.issuing_body_name:
            missing.append("name of the registration body")
        if not self.registration_number:
            missing.append("registration number")
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
                {"issuing_body": "Choose the body that issued this registration number."}
            )
        if self.issuing_body == IssuingBody.OTHER and not self.issuing_body_name.strip():
            raise ValidationError(
                {"issuing_body_name": "Name the body that issued your registration."}
            )
