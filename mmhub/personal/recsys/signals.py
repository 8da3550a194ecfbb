"""The recommendation signals, each a small function scoring every item in [0, 1].

Each function is vectorised over all items (no Python loop over items) and knows nothing about
the others; ranking.py weighs and combines them. Functions that explain a score (which followed
area, which saved article) return the explanation beside the score.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import scipy.sparse

from .data import BOOKMARK_WEIGHT, READ_WEIGHT


def interest_match(
    item_areas: scipy.sparse.spmatrix, followed_areas: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """1.0 for items in any followed area, else 0.0, and the followed area that explains it.

    The explaining area is the first of ``followed_areas`` (in the user's order) that the item is
    in, or -1. A binary score, not a fraction, so that an article filed in two areas is not half
    as interesting as one filed in a single followed area.
    """
    best_area = explaining_area(item_areas, followed_areas)
    return (best_area >= 0).astype(np.float32), best_area


def explaining_area(item_areas, followed_areas: Sequence[int]) -> np.ndarray:
    """Per row of ``item_areas`` (sparse or dense), the first followed area it is in, or -1."""
    followed = np.array(list(dict.fromkeys(int(area) for area in followed_areas)), np.int64)
    if followed.size == 0:
        return np.full(item_areas.shape[0], -1, np.int64)
    columns = item_areas[:, followed]
    in_followed = (columns.toarray() if scipy.sparse.issparse(columns) else columns) > 0
    return np.where(in_followed.any(axis=1), followed[in_followed.argmax(axis=1)], -1)


def area_groups(primary_area: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Items grouped by primary area: (item order, group boundaries, area of each group)."""
    order = np.argsort(primary_area, kind="stable")
    sorted_areas = primary_area[order]
    starts = np.flatnonzero(np.r_[True, sorted_areas[1:] != sorted_areas[:-1]])
    return order, np.r_[starts, order.size], sorted_areas[starts]


def seed_weights(
    saved: Sequence[int], read: Sequence[int], max_seeds: int, decay: float
) -> tuple[np.ndarray, np.ndarray]:
    """The user's content profile: items and weights, saved heavier and recent heavier.

    Lists are most recent first; an item in both lists keeps its larger weight. Only the
    ``max_seeds`` heaviest are kept so that the cost of explaining a score stays bounded.
    """
    weights: dict[int, float] = {}
    for base, items in ((BOOKMARK_WEIGHT, saved), (READ_WEIGHT, read)):
        for position, item in enumerate(items):
            if item < 0:
                continue
            weight = base * decay**position
            if weight > weights.get(item, 0.0):
                weights[item] = weight
    if not weights:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    items = np.fromiter(weights.keys(), dtype=np.int64, count=len(weights))
    values = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))
    order = np.lexsort((items, -values))[:max_seeds]  # heaviest first, ties by item index
    return items[order], values[order]


def content_profile(
    item_vectors: np.ndarray, seed_items: np.ndarray, seed_weights: np.ndarray
) -> np.ndarray:
    """The weighted mean of the seed vectors: one dot product with it scores every item.

    ``item · profile`` equals the weighted mean of the cosine similarities to the seeds, which is
    what content_similarity returns, at the cost of one matrix-vector product.
    """
    total = float(np.sum(seed_weights))
    if len(seed_items) == 0 or total <= 0:
        return np.zeros(item_vectors.shape[1], np.float32)
    profile = (seed_weights / total) @ item_vectors[seed_items]
    return profile.astype(np.float32)


def normalise_by_max(scores: np.ndarray) -> np.ndarray:
    """Negative scores to 0, then divide by the largest (row-wise for a 2-D array), in place."""
    scores = np.maximum(scores, 0.0, out=scores)
    if scores.size:
        top = scores.max(axis=-1, keepdims=True)
        np.divide(scores, top, out=scores, where=top > 0)
    return scores


def explaining_seed(
    item_vectors: np.ndarray,
    items: np.ndarray,
    seed_items: np.ndarray,
    seed_weights: np.ndarray,
) -> np.ndarray:
    """For each of ``items``, the seed that contributes most to its similarity score (-1: none).

    Computed only for the items being shown, because explaining every item costs a matrix
    product per seed.
    """
    items = np.asarray(items, dtype=np.int64)
    if len(seed_items) == 0 or items.size == 0:
        return np.full(items.size, -1, np.int64)
    contributions = (item_vectors[items] @ item_vectors[seed_items].T) * seed_weights
    best = contributions.argmax(axis=1)
    return np.where(contributions.max(axis=1) > 0, seed_items[best], -1)


def content_similarity(
    item_vectors: np.ndarray,
    seed_items: Sequence[int],
    seed_weights: Sequence[float],
    explain_items: Sequence[int] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Similarity of every item to the user's saved/read items, and the seed that explains it.

    Scores are the weighted mean cosine similarity, negatives set to 0 and divided by the
    largest so they sit in [0, 1] like the other signals. ``best_seed`` is computed for
    ``explain_items`` only (all items when None) and is -1 elsewhere.
    """
    seeds = np.asarray(seed_items, dtype=np.int64)
    weights = np.asarray(seed_weights, dtype=np.float32)
    n_items = item_vectors.shape[0]
    best_seed = np.full(n_items, -1, np.int64)
    if seeds.size == 0:
        return np.zeros(n_items, np.float32), best_seed
    scores = normalise_by_max(item_vectors @ content_profile(item_vectors, seeds, weights))
    explain = np.arange(n_items) if explain_items is None else np.asarray(explain_items, np.int64)
    best_seed[explain] = explaining_seed(item_vectors, explain, seeds, weights)
    return scores.astype(np.float32), best_seed


def collaborative(item_factors: np.ndarray, user_vector: np.ndarray | None) -> np.ndarray:
    """ALS preference of the user for every item, negatives set to 0, scaled to [0, 1]."""
    if user_vector is None or item_factors.size == 0:
        return np.zeros(item_factors.shape[0], np.float32)
    return normalise_by_max(item_factors @ user_vector).astype(np.float32)


def fold_in_user(
    item_factors: np.ndarray,
    gram: np.ndarray,
    items: np.ndarray,
    confidences: np.ndarray,
    regularization: float,
) -> np.ndarray:
    """The ALS user vector for a user's items given fixed item factors (one least-squares solve).

    Solves (YᵀY + λI + Yᵤᵀ(Cᵤ − I)Yᵤ) x = YᵤᵀCᵤ·1, the user half-step of implicit's ALS, so a
    new user, or one whose reading changed since training, is placed without refitting.
    ``gram`` is YᵀY computed once per model. Costs a few tens of microseconds.
    """
    factors = item_factors.shape[1]
    if len(items) == 0:
        return np.zeros(factors, np.float32)
    y = item_factors[items].astype(np.float64)
    c = np.asarray(confidences, dtype=np.float64)
    matrix = gram + regularization * np.eye(factors) + (y.T * (c - 1.0)) @ y
    return np.linalg.solve(matrix, y.T @ c).astype(np.float32)


def recency(published_day: np.ndarray, now_day: float, half_life: float) -> np.ndarray:
    """exp(-ln2 · age / half_life): 1.0 when published today, 0.5 one half-life ago."""
    age = np.maximum(now_day - np.asarray(published_day, dtype=np.float64), 0.0)
    return np.exp(-math.log(2.0) * age / half_life).astype(np.float32)


def popularity_counts(
    item_idx: np.ndarray,
    day: np.ndarray,
    weight: np.ndarray,
    event_group: np.ndarray,
    n_items: int,
    n_groups: int,
    now_day: float,
    window_days: float,
) -> np.ndarray:
    """Weighted events per item in the window before now_day: one row per group, then overall.

    Events at ``now_day`` count; events after it do not (they are the future in a replay).
    """
    recent = (day > now_day - window_days) & (day <= now_day)
    items, groups, weights = item_idx[recent], event_group[recent], weight[recent]
    counts = np.zeros((n_groups + 1, n_items), np.float64)
    known = groups >= 0
    flat = groups[known].astype(np.int64) * n_items + items[known]
    counts[:n_groups] = np.bincount(
        flat, weights=weights[known], minlength=n_groups * n_items
    ).reshape(n_groups, n_items)
    counts[n_groups] = np.bincount(items, weights=weights, minlength=n_items)
    return counts


def popularity(pop_vector: np.ndarray) -> np.ndarray:
    """Counts to [0, 1] on a log scale, so one viral article does not flatten all the others."""
    counts = np.log1p(np.maximum(np.asarray(pop_vector, dtype=np.float64), 0.0))
    top = counts.max(axis=-1, keepdims=True) if counts.size else np.ones(1)
    return np.divide(counts, top, out=np.zeros_like(counts), where=top > 0).astype(np.float32)
