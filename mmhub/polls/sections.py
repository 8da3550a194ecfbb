"""The polls app's part of the data export; deleting an account keeps its votes in the totals."""

from mmhub.privacy.registry import DataSection, register

from .services import anonymise_votes, export_votes

register(
    DataSection(
        key="poll_votes",
        title="Poll votes",
        description="Your answers to \u201cYour opinion matters\u201d polls. If you delete your "
        "account, the answers stay in the poll totals but no longer point to you.",
        export=export_votes,
        erase=anonymise_votes,
    )
)
