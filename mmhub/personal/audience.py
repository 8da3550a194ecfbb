"""Audience groups for "Popular with haematologists this week": profession and specialty, coarsened.

Coarse on purpose: a group must be big enough that its popularity says nothing about one person.
"""

from django.utils.translation import gettext_noop

# Stored in English in the recommender's model; translated when a reason is shown.
GROUPS = [
    gettext_noop("haematologists"),
    gettext_noop("oncologists"),
    gettext_noop("physicians"),
    gettext_noop("nurses"),
    gettext_noop("pharmacists"),
    gettext_noop("other healthcare professionals"),
]
UNKNOWN = -1


def group_of(profession, specialty):
    """Index in GROUPS, or UNKNOWN (industry, other, no profile)."""
    specialty = (specialty or "").lower()
    if profession == "physician":
        if "haemat" in specialty or "hemat" in specialty:
            return GROUPS.index("haematologists")
        if "oncol" in specialty:
            return GROUPS.index("oncologists")
        return GROUPS.index("physicians")
    if profession == "nurse":
        return GROUPS.index("nurses")
    if profession == "pharmacist":
        return GROUPS.index("pharmacists")
    if profession == "other_hcp":
        return GROUPS.index("other healthcare professionals")
    return UNKNOWN
