"""Offline evaluation of the recommendation engine: `make eval-recs`.

Replays a seeded synthetic log (5,000 articles, 10,000 users; mmhub/personal/recsys/synthetic.py)
with a global time split: the model is built on the split day from the events before it only
(content, ALS and popularity never see a later event), every user's state is their history before
the split, and the targets are each user's next two articles after it. Prints HitRate@10 and
nDCG@10 for the hybrid and for each signal alone. Follows are the user's hidden preferred areas,
as an HCP would pick them at onboarding.
"""

import argparse
import dataclasses
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mmhub.personal.recsys import (  # noqa: E402
    BOOKMARK_WEIGHT,
    Catalogue,
    RecConfig,
    UserState,
    build_model,
    recommend_all,
    synthetic,
)

K = 10
TARGETS_PER_USER = 2
HOLDOUT_DAYS = 30.0
# A single signal leaves many ties (every article in a followed area scores 1); a trace of
# recency breaks them, as page-id order would otherwise favour the oldest articles.
TIE_BREAK = 1e-3
NO_PUBLIC_DATA = (
    "Public data: none offline. implicit.datasets (MovieLens, Last.fm, Million Song, Reddit,\n"
    "Sketchfab) downloads at run time, scikit-learn bundles no user-item data (only iris, digits,\n"
    "wine, ...), and no installed package ships an interaction log, so only synthetic data is used."
)


def only(signal: str) -> RecConfig:
    """A config that ranks by one signal (plus the recency tie-break), cold users included."""
    weights = {
        "weight_area": 0.0,
        "weight_similar": 0.0,
        "weight_collaborative": 0.0,
        "weight_popular": 0.0,
        "weight_new": TIE_BREAK,
        "cold_weight_popular": 1.0 if signal == "popular" else 0.0,
        "cold_weight_new": 1.0 if signal == "new" else TIE_BREAK,
    }
    weights[f"weight_{signal}"] = 1.0
    return dataclasses.replace(RecConfig(), **weights)


METHODS = {
    "hybrid": RecConfig(),
    "popularity only": only("popular"),
    "recency only": only("new"),
    "interests only": only("area"),
    "content only": only("similar"),
    "ALS only": only("collaborative"),
}


def catalogue_on(catalogue: Catalogue, day: float) -> tuple[Catalogue, np.ndarray]:
    """The articles published by ``day``, and the map from old to new item index (-1: later)."""
    keep = catalogue.published_day <= day
    new_index = np.where(keep, np.cumsum(keep) - 1, -1)
    kept = np.flatnonzero(keep)
    return (
        Catalogue(
            item_ids=catalogue.item_ids[kept],
            texts=[catalogue.texts[i] for i in kept],
            titles=[catalogue.titles[i] for i in kept],
            item_areas=catalogue.item_areas[kept],
            primary_area=catalogue.primary_area[kept],
            published_day=catalogue.published_day[kept],
            area_ids=catalogue.area_ids,
            area_names=catalogue.area_names,
        ),
        new_index,
    )


def split(interactions, truth, new_index, split_day):
    """Training events, users' states on the split day, and each test user's next two items."""
    before = interactions.day <= split_day
    training = interactions.subset(before)
    training.item_idx = new_index[training.item_idx].astype(np.int32)
    by_user = np.lexsort((interactions.day, interactions.user_idx))  # stable: log order kept
    bounds = np.searchsorted(interactions.user_idx[by_user], np.arange(interactions.n_users + 1))
    states, targets = [], []
    for user in range(interactions.n_users):
        events = by_user[bounds[user] : bounds[user + 1]]
        history, later = events[before[events]], events[~before[events]]
        next_items = new_index[interactions.item_idx[later[:TARGETS_PER_USER]]]
        next_items = next_items[next_items >= 0]  # published after the split: unknowable
        if next_items.size == 0:
            continue
        history = history[::-1]  # most recent first
        items = new_index[interactions.item_idx[history]]
        saved = interactions.weight[history] >= BOOKMARK_WEIGHT
        states.append(
            UserState(
                followed_areas=list(truth.preferred_areas[user]),
                saved=items[saved].tolist(),
                read=items[~saved].tolist(),
                group=int(interactions.user_group[user]),
            )
        )
        targets.append(set(next_items.tolist()))
    return training, states, targets


def hit_rate_and_ndcg(recommended: list[list[int]], targets: list[set[int]]):
    hits, gains = [], []
    for items, wanted in zip(recommended, targets, strict=True):
        found = [rank for rank, item in enumerate(items[:K]) if item in wanted]
        ideal = sum(1 / np.log2(rank + 2) for rank in range(min(len(wanted), K)))
        hits.append(bool(found))
        gains.append(sum(1 / np.log2(rank + 2) for rank in found) / ideal)
    return float(np.mean(hits)), float(np.mean(gains))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    catalogue, interactions, truth = synthetic.generate(args.items, args.users, seed=args.seed)
    split_day = synthetic.DEFAULT_END_DAY - HOLDOUT_DAYS
    catalogue_then, new_index = catalogue_on(catalogue, split_day)
    training, states, targets = split(interactions, truth, new_index, split_day)
    model = build_model(catalogue_then, training, now_day=split_day)
    with_history = np.array([bool(state.saved or state.read) for state in states])
    print(
        f"synthetic log: {args.items:,} articles, {args.users:,} users, {len(interactions):,}"
        f" events (seed {args.seed}); split {HOLDOUT_DAYS:.0f} days before the end"
    )
    print(
        f"model on the split day: {catalogue_then.n_items:,} articles, {len(training):,} events"
        f" before it, ALS {'on' if model.has_als else 'off'}, popularity over"
        f" {model.popularity_days:.0f} days; built in {time.perf_counter() - start:.1f} s"
    )
    print(
        f"test users: {len(states):,} with an event after the split ({with_history.sum():,} with"
        f" history before it, {(~with_history).sum():,} with follows only); targets: their next"
        f" {TARGETS_PER_USER} articles ({sum(map(len, targets)):,} in all)"
    )
    print("follows: each user's hidden preferred areas, as picked at onboarding")
    print()
    print(
        f"{'method':<16} {'HitRate@10':>10} {'nDCG@10':>8}   with history: HR / nDCG   no history"
    )
    for name, config in METHODS.items():
        recommended = [
            [rec.item for rec in recs] for recs in recommend_all(model, states, K, config=config)
        ]
        overall = hit_rate_and_ndcg(recommended, targets)
        subsets = [
            hit_rate_and_ndcg(
                [r for r, keep in zip(recommended, mask, strict=True) if keep],
                [t for t, keep in zip(targets, mask, strict=True) if keep],
            )
            for mask in (with_history, ~with_history)
        ]
        print(
            f"{name:<16} {overall[0]:>10.3f} {overall[1]:>8.3f}"
            f"   {subsets[0][0]:>13.3f} / {subsets[0][1]:.3f}"
            f"   {subsets[1][0]:.3f} / {subsets[1][1]:.3f}"
        )
    chance = 1 - np.prod([1 - K / (catalogue_then.n_items - i) for i in range(TARGETS_PER_USER)])
    print(f"{'(random list)':<16} {chance:>10.3f}   about, by chance")
    print()
    print(NO_PUBLIC_DATA)
    return 0


if __name__ == "__main__":
    sys.exit(main())
