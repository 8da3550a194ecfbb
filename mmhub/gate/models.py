"""Versioned HCP declarations and the compliance record of every acknowledgement."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext
from wagtail.admin.panels import FieldPanel

from mmhub.privacy.models import wording_version
from mmhub.translation import languages

# A version that changes whenever the wording changes, so nobody has to remember to bump it; the
# same rule versions every consent wording.
declaration_version = wording_version


class Declaration(models.Model):
    """One wording of the HCP declaration. Rows are records of what people agreed to: never edited."""

    text = models.TextField(
        help_text="The statement a visitor confirms. Changing the wording asks every visitor again."
    )
    version = models.CharField(max_length=12, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("text")]

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]

    def __str__(self):
        return (
            f"Declaration {self.version} ({self.created_at:%Y-%m-%d})"
            if self.pk
            else "New declaration"
        )

    def save(self, *args, **kwargs):
        self.version = declaration_version(self.text)
        super().save(*args, **kwargs)

    def clean(self):
        if self.pk:
            stored = Declaration.objects.filter(pk=self.pk).values_list("text", flat=True).first()
            if stored is not None and declaration_version(stored) != declaration_version(self.text):
                raise ValidationError(
                    "Visitors have agreed to this wording, so it cannot be changed. "
                    "Add a new declaration instead; it becomes current and everyone is asked again."
                )
        version = declaration_version(self.text)
        if Declaration.objects.filter(version=version).exclude(pk=self.pk).exists():
            raise ValidationError("A declaration with exactly this wording already exists.")

    @property
    def reader_text(self):
        """The wording in the reader's language where the catalogues translate this exact wording
        (the default one: gate.services.DEFAULT_DECLARATION_TEXT); otherwise as written. The
        record is of this declaration, whichever language it was read in."""
        return gettext(self.text)

    @property
    def reader_lang(self):
        """The `lang` of the wording as shown: "en" when it had to stay in English for a reader of
        another language, else empty (it is in the page's language)."""
        untranslated = gettext(self.text) == self.text
        return "en" if untranslated and not languages.is_default(get_language()) else ""


class GateAcknowledgement(models.Model):
    """A visitor confirmed a declaration. Deliberately holds no IP address or other identifier."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-acknowledged_at"]

    def __str__(self):
        return f"{self.declaration.version} at {self.acknowledged_at:%Y-%m-%d %H:%M}"
