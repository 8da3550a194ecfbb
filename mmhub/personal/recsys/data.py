"""The engine's input, output and configuration types, shared by every other module.

Plain dataclasses over numpy arrays so that the Django side, the benchmarks and the tests all feed
the engine the same way. Indices (item, area, user, group) are positions in these arrays, never
database ids: the Django side maps ids to positions with ``Catalogue.item_ids`` and ``area_ids``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse

#: Confidence of one bookmark in the collaborative model and in the user's content profile.
BOOKMARK_WEIGHT = 3.0
#: Confidence of one read.
READ_WEIGHT = 1.0

#: Reason kinds, in the order that breaks ties between equal contributions.
REASON_KINDS = ("area", "similar", "collaborative", "popular", "new")


@dataclass
class Catalogue:
    """The articles that can be recommended, one position per article."""

    item_ids: np.ndarray  # int64 page ids; position = item index
    texts: list[str]  # title + standfirst + body plain text per item
    titles: list[str]  # for reasons ("Similar to <title>")
    item_areas: scipy.sparse.csr_matrix  # n_items x n_areas, 1.0 where the article is in the area
    primary_area: np.ndarray  # int32 area index per item (-1 if none), for the diversity rule
    published_day: np.ndarray  # float64 days since 1970-01-01 of publication
    area_ids: np.ndarray  # int64 database ids of areas; position = area index
    area_names: list[str]

    @property
    def n_items(self) -> int:
        return len(self.item_ids)


@dataclass
class Interactions:
    """The time-ordered log of reads and bookmarks the collaborative model learns from."""

    user_idx: np.ndarray  # int32 user index (0..n_users-1)
    item_idx: np.ndarray  # int32 item index
    day: np.ndarray  # float64 days since epoch when it happened
    weight: np.ndarray  # float32: BOOKMARK_WEIGHT or READ_WEIGHT
    user_group: np.ndarray  # int32 per USER (length n_users): audience group index, -1 unknown
    group_names: list[str]  # plural audience names, e.g. ["haematologists", "nurses"]

    @property
    def n_users(self) -> int:
        return len(self.user_group)

    def __len__(self) -> int:
        return len(self.item_idx)

    def subset(self, mask: np.ndarray) -> Interactions:
        """The events where ``mask`` is true, with the same users and groups (for replays)."""
        return Interactions(
            user_idx=self.user_idx[mask],
            item_idx=self.item_idx[mask],
            day=self.day[mask],
            weight=self.weight[mask],
            user_group=self.user_group,
            group_names=self.group_names,
        )


@dataclass
class UserState:
    """What the engine knows about one user at request time."""

    followed_areas: list[int]  # area indices
    saved: list[int]  # item indices, most recent first
    read: list[int]  # item indices, most recent first
    group: int = -1  # audience group index

    @property
    def is_cold(self) -> bool:
        return not (self.followed_areas or self.saved or self.read)


@dataclass(frozen=True)
class Reason:
    """Why an item is recommended: the signal that contributed most to its score."""

    kind: str  # "area" | "similar" | "collaborative" | "popular" | "new"
    area_index: int = -1
    seed_item: int = -1  # item index of the saved/read article it is similar to
    group: int = -1  # audience group for "popular" (-1: all HCPs)


@dataclass(frozen=True)
class Recommendation:
    item: int  # item index
    score: float
    reason: Reason


@dataclass(frozen=True)
class RecConfig:
    """Every knob of the engine; stored with the model so a loaded model ranks the same way."""

    # Content vectors.
    encoder: str = "tfidf"
    content_dims: int = 128
    tfidf_max_features: int = 32_768
    tfidf_bigrams: bool = True

    # Collaborative filtering (ALS): absent below this many interactions.
    min_interactions_for_als: int = 1000
    als_factors: int = 48
    als_iterations: int = 12
    als_regularization: float = 0.05
    als_alpha: float = 2.0
    als_threads: int = 0  # OpenMP threads for training; 0 = every core
    max_history: int = 500  # most recent saved/read items used to place a user among the factors

    # Popularity: weighted events in the last week, or the last month when the week is sparse.
    popularity_days: float = 7.0
    popularity_fallback_days: float = 30.0
    min_popularity_events: int = 50

    # Recency.
    half_life_days: float = 45.0

    # The user's content profile: saved items weigh BOOKMARK_WEIGHT, reads READ_WEIGHT, and each
    # step back in a list multiplies the weight by seed_decay.
    max_seeds: int = 20
    seed_decay: float = 0.9

    # Hybrid weights (area, similar, collaborative, popular, new).
    weight_area: float = 0.40
    weight_similar: float = 0.35
    weight_collaborative: float = 0.35
    weight_popular: float = 0.10
    weight_new: float = 0.40
    # Cold start (no follows, nothing saved or read).
    cold_weight_popular: float = 0.6
    cold_weight_new: float = 0.4
    # "Related for you": weight of the similarity to the article being read.
    weight_related: float = 1.0

    # Diversity: at most this many items sharing a primary area in one list.
    max_per_area: int = 3

    # Users scored together by recommend_all (memory: 5 x batch x n_items float32).
    batch_users: int = 128

    def weights(self) -> np.ndarray:
        """Hybrid weights in REASON_KINDS order."""
        return np.array(
            [
                self.weight_area,
                self.weight_similar,
                self.weight_collaborative,
                self.weight_popular,
                self.weight_new,
            ],
            dtype=np.float32,
        )

    def cold_weights(self) -> np.ndarray:
        return np.array(
            [0.0, 0.0, 0.0, self.cold_weight_popular, self.cold_weight_new], dtype=np.float32
        )


@dataclass
class SyntheticTruth:
    """What the synthetic generator knows and a real site never would (for evaluation)."""

    preferred_areas: list[list[int]]  # per user, the 1-3 areas they mostly read
    community: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # per user
    item_subtopic: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    item_quality: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
