"""The gate's part of the data export: the HCP declarations an account confirmed."""

from django.utils.translation import gettext_lazy as _

from mmhub.privacy.registry import DataSection, register

from .models import GateAcknowledgement


def export_acknowledgements(user):
    records = GateAcknowledgement.objects.filter(user=user).select_related("declaration")
    return [
        {
            "declaration_version": record.declaration.version,
            "declaration": record.declaration.text,
            "confirmed_at": record.acknowledged_at,
        }
        for record in records
    ]


def keep_without_person(user):
    """The compliance record (a wording was confirmed at a time) stays; the link to the person goes."""
    count = GateAcknowledgement.objects.filter(user=user).update(user=None)
    return f"{count} kept without the person"


register(
    DataSection(
        key="hcp_declarations",
        title=_("Healthcare-professional declarations"),
        description=_(
            "Each time you confirmed that you are a healthcare professional: the wording and when."
        ),
        export=export_acknowledgements,
        erase=keep_without_person,
    )
)
