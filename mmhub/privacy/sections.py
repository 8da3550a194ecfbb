"""The privacy app's own part of the data export: consent records."""

from django.utils.translation import gettext_lazy as _

from .models import ConsentRecord
from .registry import DataSection, register


def export_consents(user):
    records = ConsentRecord.objects.filter(user=user).select_related("wording")
    return [
        {
            "purpose": record.get_purpose_display(),
            "wording_version": record.wording.version,
            "wording": record.wording.text,
            "given_at": record.given_at,
            "withdrawn_at": record.withdrawn_at,
        }
        for record in records
    ]


register(
    DataSection(
        key="consents",
        title=_("Consents"),
        description=_("What you agreed to, in the exact wording you saw, and when."),
        export=export_consents,
    )
)
