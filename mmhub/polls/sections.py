"""The polls app's part of the data export; deleting an account keeps its votes in the totals."""

from django.utils.translation import gettext_lazy as _

from mmhub.privacy.registry import DataSection, register

from .services import anonymise_votes, export_votes

register(
    DataSection(
        key="poll_votes",
        title=_("Poll votes"),
        description=_(
            "Your answers to “Your opinion matters” polls. If you delete your "
            "account, the answers stay in the poll totals but no longer point to you."
        ),
        export=export_votes,
        erase=anonymise_votes,
    )
)
