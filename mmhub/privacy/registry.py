"""Each app says what personal data it holds: how to export it and how to erase it.

An app registers one `DataSection` per kind of record (usually in its AppConfig.ready). The
"Your data" page, the JSON download and account deletion all walk the same registry, so a new
feature that stores something about a person adds one section and is covered everywhere.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import AccountDeletion

EXPORT_FORMAT = "mmhub-personal-data/1"
logger = logging.getLogger("mmhub.privacy")


@dataclass(frozen=True)
class DataSection:
    key: str
    title: str
    description: str
    # Returns JSON-serialisable data about the user: a dict for one record, a list for many.
    export: Callable[[Any], Any]
    # Runs before the account row is deleted, for data that must outlive the person without
    # pointing to them (e.g. poll totals). Returns what was done, in words without personal data.
    # Without it, the section's rows go with the account (database cascade).
    erase: Callable[[Any], str] | None = None


_sections: dict[str, DataSection] = {}


def register(section):
    if section.key in _sections and _sections[section.key] != section:
        raise ValueError(f"A data section called {section.key!r} is already registered")
    _sections[section.key] = section
    return section


def registered_sections():
    return list(_sections.values())


def export_user_data(user):
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "explanation": "Everything MM Hub holds about your account, one section per kind of "
        "record. Dates and times are in UTC.",
        "sections": {
            section.key: {
                "title": section.title,
                "description": section.description,
                "data": section.export(user),
            }
            for section in registered_sections()
        },
    }


def summarise_user_data(user):
    """(section, number of records) for the "Your data" page."""
    summary = []
    for section in registered_sections():
        data = section.export(user)
        if isinstance(data, list):
            count = len(data)
        else:
            count = 1 if data else 0
        summary.append((section, count))
    return summary


def delete_account(user):
    """Erase the account and everything that points to it; keep a log line without the person."""
    with transaction.atomic():
        summary = {}
        for section in registered_sections():
            if section.erase is not None:
                summary[section.key] = section.erase(user)
            else:
                summary[section.key] = "deleted with the account"
        user.delete()
        deletion = AccountDeletion.objects.create(summary=summary)
    logger.info("Account deleted (deletion log entry %s)", deletion.pk)
    return deletion
