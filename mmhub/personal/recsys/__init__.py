"""MM Hub's recommendation engine: plain Python over numpy, scipy, scikit-learn and implicit.

No Django imports, so it can be benchmarked and tested alone (docs/recommendations.md). The
Django side loads a ``Catalogue`` and ``Interactions`` from the database, calls ``build_model``,
stores ``model.to_bytes()``, and at request time calls ``recommend`` with a ``UserState``.
scikit-learn and implicit are imported only when a model is built.
"""

from .data import (
    BOOKMARK_WEIGHT,
    READ_WEIGHT,
    REASON_KINDS,
    Catalogue,
    Interactions,
    Reason,
    RecConfig,
    Recommendation,
    UserState,
)
from .encoders import MiniLMEncoder, TfidfEncoder, encoder_for, semantic_available
from .model import ItemUpdate, RecModel, build_model
from .ranking import reason_text, recommend, recommend_all, related_items

__all__ = [
    "BOOKMARK_WEIGHT",
    "READ_WEIGHT",
    "REASON_KINDS",
    "Catalogue",
    "Interactions",
    "ItemUpdate",
    "MiniLMEncoder",
    "Reason",
    "RecConfig",
    "RecModel",
    "Recommendation",
    "TfidfEncoder",
    "UserState",
    "build_model",
    "encoder_for",
    "reason_text",
    "recommend",
    "recommend_all",
    "related_items",
    "semantic_available",
]
