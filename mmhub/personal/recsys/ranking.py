"""Ranking: the hybrid score, exclusions, the diversity rule and a reason for every item.

One code path serves a single request (``recommend``), the nightly refresh of every user
(``recommend_all``, which scores users in chunks with matrix products) and "Related for you"
under an article (``related_items``), so the three always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from . import signals
from .data import REASON_KINDS, Reason, RecConfig, Recommendation, UserState
from .model import RecModel

AREA, SIMILAR, COLLABORATIVE, POPULAR, NEW = range(len(REASON_KINDS))


@dataclass
class _Profile:
    """One user's side of the score, computed once per request."""

    followed: list[int]
    seeds: np.ndarray
    seed_weights: np.ndarray
    content_profile: np.ndarray | None
    user_vector: np.ndarray | None
    popularity_row: np.ndarray
    popularity_group: int
    weights: np.ndarray  # in REASON_KINDS order
    excluded: np.ndarray


def recommend(
    model: RecModel,
    state: UserState,
    k: int = 10,
    now_day: float | None = None,
    exclude_items: Iterable[int] = (),
    config: RecConfig | None = None,
) -> list[Recommendation]:
    """The top-k items for one user, best first, each with the reason that weighs most."""
    config = config or model.config
    now_day = model.built_day if now_day is None else now_day
    profile = _profile(model, state, config, exclude_items)
    return _rank_batch(model, [profile], k, now_day, config)[0]


def recommend_all(
    model: RecModel,
    states: Sequence[UserState],
    k: int = 10,
    now_day: float | None = None,
    config: RecConfig | None = None,
    exclude_items: Sequence[Iterable[int]] | None = None,
) -> list[list[Recommendation]]:
    """``recommend`` for every user, scored ``config.batch_users`` at a time with matrix products.

    ``exclude_items``, when given, holds each user's own exclusions (in ``states`` order).
    """
    config = config or model.config
    now_day = model.built_day if now_day is None else now_day
    if exclude_items is not None and len(exclude_items) != len(states):
        raise ValueError("exclude_items needs one entry per user state")
    results: list[list[Recommendation]] = []
    for start in range(0, len(states), config.batch_users):
        chunk = states[start : start + config.batch_users]
        exclusions = (
            exclude_items[start : start + config.batch_users]
            if exclude_items is not None
            else [()] * len(chunk)
        )
        profiles = [
            _profile(model, state, config, excluded)
            for state, excluded in zip(chunk, exclusions, strict=True)
        ]
        results.extend(_rank_batch(model, profiles, k, now_day, config))
    return results


def related_items(
    model: RecModel,
    item_index: int,
    state: UserState,
    k: int = 4,
    now_day: float | None = None,
    exclude_items: Iterable[int] = (),
    config: RecConfig | None = None,
) -> list[Recommendation]:
    """Items for "Related for you" under an article: like it, blended with the user's tastes.

    Similarity to the article (cosine, weight ``weight_related``) is added to the user's hybrid
    score; when it weighs most the reason is "similar" with the article as the seed.
    """
    config = config or model.config
    now_day = model.built_day if now_day is None else now_day
    profile = _profile(model, state, config, (item_index, *exclude_items))
    article = np.maximum(model.item_vectors @ model.item_vectors[item_index], 0.0)
    extra = (article[None, :].astype(np.float32), config.weight_related, item_index)
    return _rank_batch(model, [profile], k, now_day, config, related=extra)[0]


# --- the user's side ------------------------------------------------------------------------


def _profile(
    model: RecModel, state: UserState, config: RecConfig, exclude_items: Iterable[int]
) -> _Profile:
    seeds, seed_weights = signals.seed_weights(
        state.saved, state.read, config.max_seeds, config.seed_decay
    )
    content_profile = (
        signals.content_profile(model.item_vectors, seeds, seed_weights) if seeds.size else None
    )
    popularity_row, popularity_group = model.popularity_row(state.group)
    excluded = [item for item in (*state.saved, *state.read, *exclude_items) if item >= 0]
    return _Profile(
        followed=[area for area in state.followed_areas if area >= 0],
        seeds=seeds,
        seed_weights=seed_weights,
        content_profile=content_profile,
        user_vector=model.user_vector(state.saved, state.read),
        popularity_row=popularity_row,
        popularity_group=popularity_group,
        weights=config.cold_weights() if state.is_cold else config.weights(),
        excluded=np.unique(np.asarray(excluded, dtype=np.int64)),
    )


# --- scoring a batch of users ---------------------------------------------------------------


def _signal_scores(
    model: RecModel, profiles: list[_Profile], now_day: float, config: RecConfig
) -> list[np.ndarray | None]:
    """Each signal for every user and item, (users x items), in REASON_KINDS order.

    A signal nobody in the batch has is None; recency is the same for everyone (1 x items).
    """
    n_users = len(profiles)
    scores: list[np.ndarray | None] = [None] * len(REASON_KINDS)

    if any(profile.followed for profile in profiles):
        follows = np.zeros((n_users, model.area_matrix.shape[1]), np.float32)
        for row, profile in enumerate(profiles):
            follows[row, profile.followed] = 1.0
        followed_areas_of_item = follows @ model.area_matrix.T
        scores[AREA] = np.minimum(followed_areas_of_item, 1.0, out=followed_areas_of_item)

    if any(profile.content_profile is not None for profile in profiles):
        content = np.zeros((n_users, model.item_vectors.shape[1]), np.float32)
        for row, profile in enumerate(profiles):
            if profile.content_profile is not None:
                content[row] = profile.content_profile
        scores[SIMILAR] = signals.normalise_by_max(content @ model.item_vectors.T)

    if model.item_factors is not None and any(p.user_vector is not None for p in profiles):
        users = np.zeros((n_users, model.item_factors.shape[1]), np.float32)
        for row, profile in enumerate(profiles):
            if profile.user_vector is not None:
                users[row] = profile.user_vector
        scores[COLLABORATIVE] = signals.normalise_by_max(users @ model.item_factors.T)

    scores[POPULAR] = np.stack([profile.popularity_row for profile in profiles])
    if config.half_life_days == model.config.half_life_days:
        scores[NEW] = model.recency(now_day)[None, :]
    else:
        scores[NEW] = signals.recency(model.published_day, now_day, config.half_life_days)[None, :]
    return scores


def _rank_batch(
    model: RecModel,
    profiles: list[_Profile],
    k: int,
    now_day: float,
    config: RecConfig,
    related: tuple[np.ndarray, float, int] | None = None,
) -> list[list[Recommendation]]:
    scores = _signal_scores(model, profiles, now_day, config)
    weights = np.stack([profile.weights for profile in profiles])  # users x kinds
    if related is not None:
        scores.append(related[0])
        weights = np.hstack([weights, np.full((len(profiles), 1), related[1], np.float32)])

    total = np.zeros((len(profiles), model.n_items), np.float32)
    weighted = np.empty_like(total)
    for kind, signal in enumerate(scores):
        if signal is not None:
            np.multiply(signal, weights[:, kind, None], out=weighted)
            total += weighted
    results = []
    for row, profile in enumerate(profiles):
        total[row, profile.excluded] = -np.inf
        chosen = select_diverse(
            total[row], model.primary_area, k, config.max_per_area, model.area_groups
        )
        reasons = _reasons(model, profile, scores, weights[row], row, chosen, related)
        results.append(
            [
                Recommendation(item=int(item), score=float(total[row, item]), reason=reason)
                for item, reason in zip(chosen, reasons, strict=True)
            ]
        )
    return results


# --- diversity --------------------------------------------------------------------------------


def select_diverse(
    scores: np.ndarray,
    primary_area: np.ndarray,
    k: int,
    max_per_area: int,
    groups: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """The best k items by score, at most ``max_per_area`` sharing a primary area.

    The same list as going down the ranking and skipping items whose area is full (ties: lower
    item index first), without a Python loop over items: only the best ``max_per_area`` of an
    area can ever be taken, so the answer is the best k of those plus the items without an area
    (-1, not capped). A small pool from argpartition usually settles it; when one area fills the
    top of the ranking, each area's best are found separately. -inf marks items not to show.
    Returns fewer than k when the cap or the exclusions leave fewer.
    """
    pool = _top_candidates(scores, min(max(4 * k, 64), scores.shape[0]))
    taken = _within_cap(pool, primary_area[pool], max_per_area)
    if taken.size >= k or pool.size >= np.count_nonzero(np.isfinite(scores)):
        return taken[:k]
    order, bounds, areas = groups if groups is not None else signals.area_groups(primary_area)
    per_area = [
        _top_candidates(scores, k if area < 0 else min(k, max_per_area), order[start:end])
        for start, end, area in zip(bounds[:-1], bounds[1:], areas.tolist(), strict=True)
    ]
    return _top_candidates(scores, k, np.concatenate(per_area))


def _top_candidates(scores: np.ndarray, count: int, items: np.ndarray | None = None) -> np.ndarray:
    """The ``count`` best allowed of ``items`` (default all), sorted by score desc then index.

    Items tied with the last one are considered before cutting, so ties always go to the lower
    index whatever argpartition did.
    """
    values = scores if items is None else scores[items]
    if count <= 0 or values.size == 0:
        return np.zeros(0, np.int64)
    if count < values.size:
        cut = values.size - count
        threshold = values[np.argpartition(values, cut)[cut]]
        keep = np.flatnonzero(values >= threshold)
        values = values[keep]
        items = keep if items is None else items[keep]
    elif items is None:
        items = np.arange(values.size)
    allowed = np.isfinite(values)
    values, items = values[allowed], items[allowed]
    return items[np.lexsort((items, -values))][:count]


def _within_cap(ranked: np.ndarray, areas: np.ndarray, max_per_area: int) -> np.ndarray:
    """The items of a ranked list that are among the first ``max_per_area`` of their area."""
    by_area = np.argsort(areas, kind="stable")  # keeps rank order within each area
    sorted_areas = areas[by_area]
    starts = np.flatnonzero(np.r_[True, sorted_areas[1:] != sorted_areas[:-1]])
    lengths = np.diff(np.r_[starts, areas.size])
    rank_in_area = np.empty(areas.size, np.int64)
    rank_in_area[by_area] = np.arange(areas.size) - np.repeat(starts, lengths)
    return ranked[(areas < 0) | (rank_in_area < max_per_area)]


# --- reasons ----------------------------------------------------------------------------------


def _reasons(
    model: RecModel,
    profile: _Profile,
    scores: list[np.ndarray | None],
    weights: np.ndarray,
    row: int,
    chosen: np.ndarray,
    related: tuple[np.ndarray, float, int] | None,
) -> list[Reason]:
    """The reason of each chosen item: its largest weighted contribution.

    Ties go to the earlier kind in REASON_KINDS order (then to the article of "related").
    """
    if chosen.size == 0:
        return []
    contributions = np.zeros((chosen.size, len(scores)), np.float32)
    for kind, signal in enumerate(scores):
        if signal is not None:
            contributions[:, kind] = weights[kind] * signal[min(row, signal.shape[0] - 1), chosen]
    winner = contributions.argmax(axis=1)
    winner[contributions.max(axis=1) <= 0] = NEW  # nothing speaks for it: it is just there
    areas = signals.explaining_area(model.area_matrix[chosen], profile.followed)
    seeds = signals.explaining_seed(model.item_vectors, chosen, profile.seeds, profile.seed_weights)
    reasons = []
    for position, kind in enumerate(winner.tolist()):
        if kind == AREA:
            reasons.append(Reason("area", area_index=int(areas[position])))
        elif kind == SIMILAR:
            reasons.append(Reason("similar", seed_item=int(seeds[position])))
        elif kind == COLLABORATIVE:
            reasons.append(Reason("collaborative"))
        elif kind == POPULAR:
            reasons.append(Reason("popular", group=profile.popularity_group))
        elif kind == NEW:
            reasons.append(Reason("new"))
        else:  # the article of related_items
            reasons.append(Reason("similar", seed_item=related[2]))
    return reasons


def _as_written(text: str) -> str:
    return text


def reason_text(model: RecModel, reason: Reason, _=_as_written) -> str:
    """The sentence shown under a recommendation. The engine knows no Django: the site passes
    its `gettext` as `_` for the reader's language (the sentences are in its catalogues)."""
    if reason.kind == "area":
        return _("Because you follow %(area)s") % {"area": model.area_names[reason.area_index]}
    if reason.kind == "similar":
        return _("Similar to “%(title)s”") % {"title": model.titles[reason.seed_item]}
    if reason.kind == "collaborative":
        return _("Read by HCPs with interests like yours")
    if reason.kind == "popular":
        audience = _(model.group_names[reason.group]) if reason.group >= 0 else _("HCPs")
        if model.popularity_days <= 7:
            return _("Popular with %(audience)s this week") % {"audience": audience}
        return _("Popular with %(audience)s this month") % {"audience": audience}
    if reason.kind == "new":
        return _("Recently published")
    raise ValueError(f"Unknown reason kind {reason.kind!r}: expected one of {REASON_KINDS}.")
