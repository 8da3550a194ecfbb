"""Building, updating and (de)serialising the recommendation model.

``build_model`` turns a catalogue and an interaction log into a ``RecModel``: content vectors,
ALS item factors (when there is enough data), popularity per audience group and the catalogue
facts ranking needs. ``to_bytes``/``from_bytes`` store it as an ``.npz`` archive of plain arrays
plus one JSON entry, never pickle, so the Django side can keep it in the database.
"""

from __future__ import annotations

import dataclasses
import io
import json
import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse

from . import signals
from .data import BOOKMARK_WEIGHT, READ_WEIGHT, Catalogue, Interactions, RecConfig
from .encoders import TextEncoder, as_stored, encoder_for, encoder_from_state
from .signals import area_groups

FORMAT_VERSION = 1


@dataclass
class RecModel:
    """Everything ranking needs, as arrays; built by build_model, restored by from_bytes."""

    config: RecConfig
    built_day: float
    item_ids: np.ndarray
    titles: list[str]
    item_areas: scipy.sparse.csr_matrix
    primary_area: np.ndarray
    published_day: np.ndarray
    area_ids: np.ndarray
    area_names: list[str]
    group_names: list[str]
    item_vectors: np.ndarray  # n_items x dims, float32, L2-normalised
    encoder: TextEncoder
    item_factors: np.ndarray | None  # n_items x factors, or None when ALS is absent
    popularity: np.ndarray  # (n_groups + 1) x n_items in [0, 1]; the last row is everyone
    popularity_group_ok: np.ndarray  # bool per group: enough events for its own row
    popularity_days: float  # the window actually used (7, or 30 when the week was sparse)
    n_training_interactions: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        # Derived once per model, never stored: what the hot path would otherwise redo.
        self.area_matrix = np.ascontiguousarray(self.item_areas.toarray(), dtype=np.float32)
        self.area_groups = area_groups(self.primary_area)
        self._gram = (
            None
            if self.item_factors is None
            else self.item_factors.T.astype(np.float64) @ self.item_factors.astype(np.float64)
        )
        self._index_of_id = {int(item_id): index for index, item_id in enumerate(self.item_ids)}
        self._recency: tuple[float, float, np.ndarray] | None = None

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    @property
    def has_als(self) -> bool:
        return self.item_factors is not None

    def item_index(self, item_id: int) -> int:
        """Position of a page id in the model, or -1 when the model was built without it."""
        return self._index_of_id.get(int(item_id), -1)

    def recency(self, now_day: float) -> np.ndarray:
        """Recency of every item on ``now_day``, kept while the day does not change."""
        half_life = self.config.half_life_days
        if self._recency is None or self._recency[:2] != (now_day, half_life):
            scores = signals.recency(self.published_day, now_day, half_life)
            self._recency = (now_day, half_life, scores)
        return self._recency[2]

    def popularity_row(self, group: int) -> tuple[np.ndarray, int]:
        """The popularity scores for an audience group, and the group they really describe.

        A group with too few recent events gets everyone's popularity, reported as group -1.
        """
        if 0 <= group < len(self.popularity_group_ok) and self.popularity_group_ok[group]:
            return self.popularity[group], group
        return self.popularity[-1], -1

    def user_vector(self, saved, read) -> np.ndarray | None:
        """The user's ALS vector from what they saved and read (None without ALS or history)."""
        if self.item_factors is None:
            return None
        items, confidences = history_confidences(saved, read, self.config.max_history)
        if items.size == 0:
            return None
        return signals.fold_in_user(
            self.item_factors,
            self._gram,
            items,
            confidences * self.config.als_alpha,
            self.config.als_regularization,
        )

    def encode_texts(self, texts: list[str]) -> np.ndarray:
        """Vectors for new or edited texts, in the same space as item_vectors (no refit)."""
        return self.encoder.transform(texts)

    def with_items(self, updates: list[ItemUpdate]) -> RecModel:
        """A copy with articles edited or published since the model was built, without a refit.

        An edited article (its page id is known) gets its new vector, title, areas and date in
        place. A new article is appended with no collaborative or popularity signal: those come
        with the next rebuild. Vectors must come from ``encode_texts`` of this model's encoder.
        """
        latest = list({update.item_id: update for update in updates}.values())
        if not latest:
            return self
        self._check_vector_sizes(latest)
        new = [update for update in latest if self.item_index(update.item_id) < 0]
        grown = self._grown_by(len(new), [update.item_id for update in new])
        for update in latest:
            position = grown.item_index(update.item_id)
            grown.titles[position] = update.title
            grown.primary_area[position] = update.primary()
            grown.published_day[position] = update.published_day
            grown.item_vectors[position] = as_stored(np.asarray(update.vector)[None, :])[0]
        return dataclasses.replace(grown, item_areas=_relinked(grown, latest))

    def _check_vector_sizes(self, updates: list[ItemUpdate]) -> None:
        dims = self.item_vectors.shape[1]
        for update in updates:
            shape = np.asarray(update.vector).shape
            if shape != (dims,):
                raise ValueError(
                    f"The vector of page {update.item_id} has shape {shape}, not ({dims},): it"
                    " was made by another encoder. Rebuild the model, or re-encode the article"
                    " with this one."
                )

    def _grown_by(self, n_new: int, new_ids: list[int]) -> RecModel:
        """A copy with n_new empty items appended (copies of the arrays even when n_new is 0)."""
        factors = self.item_factors
        if factors is not None:
            factors = np.vstack([factors, np.zeros((n_new, factors.shape[1]), np.float32)])
        n_areas = self.item_areas.shape[1]
        return dataclasses.replace(
            self,
            item_ids=np.concatenate([self.item_ids, np.asarray(new_ids, np.int64)]),
            titles=[*self.titles, *([""] * n_new)],
            item_areas=scipy.sparse.vstack(
                [self.item_areas, scipy.sparse.csr_matrix((n_new, n_areas), dtype=np.float32)],
                format="csr",
            ),
            primary_area=np.concatenate([self.primary_area, np.full(n_new, -1, np.int32)]),
            published_day=np.concatenate([self.published_day, np.zeros(n_new)]),
            item_vectors=np.vstack(
                [self.item_vectors, np.zeros((n_new, self.item_vectors.shape[1]), np.float32)]
            ),
            item_factors=factors,
            popularity=np.hstack(
                [self.popularity, np.zeros((self.popularity.shape[0], n_new), np.float32)]
            ),
        )

    # --- serialisation ------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """An .npz archive: arrays in float16/int32 where that loses nothing, plus meta.json."""
        encoder_params, encoder_arrays = self.encoder.to_state()
        meta = {
            "format_version": FORMAT_VERSION,
            "config": dataclasses.asdict(self.config),
            "built_day": self.built_day,
            "titles": self.titles,
            "area_names": self.area_names,
            "group_names": self.group_names,
            "popularity_days": self.popularity_days,
            "n_training_interactions": self.n_training_interactions,
            "item_areas_shape": list(self.item_areas.shape),
            "encoder": encoder_params,
            "timings": self.timings,
        }
        arrays = {
            "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
            "item_ids": self.item_ids.astype(np.int64),
            "item_areas_indptr": self.item_areas.indptr.astype(np.int64),
            "item_areas_indices": self.item_areas.indices.astype(np.int32),
            "item_areas_data": self.item_areas.data.astype(np.float32),
            "primary_area": self.primary_area.astype(np.int32),
            "published_day": self.published_day.astype(np.float64),
            "area_ids": self.area_ids.astype(np.int64),
            "item_vectors": self.item_vectors.astype(np.float16),
            "popularity": self.popularity.astype(np.float16),
            "popularity_group_ok": self.popularity_group_ok.astype(np.bool_),
        }
        if self.item_factors is not None:
            arrays["item_factors"] = self.item_factors.astype(np.float16)
        arrays.update({f"encoder_{name}": value for name, value in encoder_arrays.items()})
        buffer = io.BytesIO()
        np.savez(buffer, allow_pickle=False, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> RecModel:
        with np.load(io.BytesIO(blob), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        meta = json.loads(arrays.pop("meta").tobytes().decode())
        if meta["format_version"] != FORMAT_VERSION:
            raise ValueError(
                f"Model format {meta['format_version']} is not {FORMAT_VERSION}: rebuild the model."
            )
        item_areas = scipy.sparse.csr_matrix(
            (
                arrays["item_areas_data"],
                arrays["item_areas_indices"],
                arrays["item_areas_indptr"],
            ),
            shape=tuple(meta["item_areas_shape"]),
        )
        encoder_arrays = {
            name.removeprefix("encoder_"): value
            for name, value in arrays.items()
            if name.startswith("encoder_")
        }
        factors = arrays.get("item_factors")
        return cls(
            config=RecConfig(**meta["config"]),
            built_day=meta["built_day"],
            item_ids=arrays["item_ids"],
            titles=meta["titles"],
            item_areas=item_areas,
            primary_area=arrays["primary_area"],
            published_day=arrays["published_day"],
            area_ids=arrays["area_ids"],
            area_names=meta["area_names"],
            group_names=meta["group_names"],
            item_vectors=arrays["item_vectors"].astype(np.float32),
            encoder=encoder_from_state(meta["encoder"], encoder_arrays),
            item_factors=None if factors is None else factors.astype(np.float32),
            popularity=arrays["popularity"].astype(np.float32),
            popularity_group_ok=arrays["popularity_group_ok"],
            popularity_days=meta["popularity_days"],
            n_training_interactions=meta["n_training_interactions"],
            timings=meta["timings"],
        )


@dataclass(frozen=True)
class ItemUpdate:
    """An article published or edited after the model was built (see RecModel.with_items)."""

    item_id: int  # page id
    vector: np.ndarray  # from RecModel.encode_texts
    title: str
    areas: list[int]  # area indices
    published_day: float
    primary_area: int | None = None  # default: the first of ``areas``, or -1

    def primary(self) -> int:
        if self.primary_area is not None:
            return self.primary_area
        return int(self.areas[0]) if self.areas else -1


def _relinked(model: RecModel, updates: list[ItemUpdate]) -> scipy.sparse.csr_matrix:
    """The model's item-area links with the updated items' links replaced."""
    positions = [model.item_index(update.item_id) for update in updates]
    links = model.item_areas.tocoo()
    kept = ~np.isin(links.row, positions)
    rows = [position for position, u in zip(positions, updates, strict=True) for _ in u.areas]
    cols = [area for update in updates for area in update.areas]
    return scipy.sparse.csr_matrix(
        (
            np.ones(int(kept.sum()) + len(rows), np.float32),
            (
                np.concatenate([links.row[kept], rows]).astype(np.int64),
                np.concatenate([links.col[kept], cols]).astype(np.int64),
            ),
        ),
        shape=model.item_areas.shape,
    )


def history_confidences(saved, read, max_history: int) -> tuple[np.ndarray, np.ndarray]:
    """Items a user saved or read with their confidence (bookmark 3 + read 1, as in training)."""
    confidence: dict[int, float] = {}
    for weight, items in (
        (BOOKMARK_WEIGHT, saved[:max_history]),
        (READ_WEIGHT, read[:max_history]),
    ):
        for item in items:
            if item >= 0:
                confidence[item] = confidence.get(item, 0.0) + weight
    items = np.fromiter(confidence.keys(), dtype=np.int64, count=len(confidence))
    values = np.fromiter(confidence.values(), dtype=np.float64, count=len(confidence))
    return items, values


def build_model(
    catalogue: Catalogue,
    interactions: Interactions,
    now_day: float,
    config: RecConfig | None = None,
) -> RecModel:
    """Fit content vectors, ALS (when there is enough data) and popularity as of ``now_day``.

    Interactions after ``now_day`` are ignored, so a replay can build the model a site would
    have had on that day.
    """
    config = config or RecConfig()
    _check_catalogue(catalogue)
    past = interactions.subset(interactions.day <= now_day)
    timings = {}

    start = time.perf_counter()
    encoder = _content_encoder(config)
    item_vectors = encoder.fit_transform(catalogue.texts)
    timings["content"] = time.perf_counter() - start

    start = time.perf_counter()
    item_factors = None
    if len(past) >= config.min_interactions_for_als:
        item_factors = train_als(past, catalogue.n_items, config)
    timings["als"] = time.perf_counter() - start

    start = time.perf_counter()
    popularity, group_ok, window = build_popularity(past, catalogue.n_items, now_day, config)
    timings["popularity"] = time.perf_counter() - start

    return RecModel(
        config=config,
        built_day=float(now_day),
        item_ids=np.asarray(catalogue.item_ids, dtype=np.int64),
        titles=list(catalogue.titles),
        item_areas=scipy.sparse.csr_matrix(catalogue.item_areas, dtype=np.float32),
        primary_area=np.asarray(catalogue.primary_area, dtype=np.int32),
        published_day=np.asarray(catalogue.published_day, dtype=np.float64),
        area_ids=np.asarray(catalogue.area_ids, dtype=np.int64),
        area_names=list(catalogue.area_names),
        group_names=list(interactions.group_names),
        item_vectors=item_vectors,
        encoder=encoder,
        item_factors=item_factors,
        popularity=popularity,
        popularity_group_ok=group_ok,
        popularity_days=window,
        n_training_interactions=len(past),
        timings=timings,
    )


def _check_catalogue(catalogue: Catalogue) -> None:
    n_items = catalogue.n_items
    sizes = {
        "texts": len(catalogue.texts),
        "titles": len(catalogue.titles),
        "item_areas rows": catalogue.item_areas.shape[0],
        "primary_area": len(catalogue.primary_area),
        "published_day": len(catalogue.published_day),
    }
    wrong = {name: size for name, size in sizes.items() if size != n_items}
    if wrong:
        raise ValueError(f"The catalogue has {n_items} item_ids but {wrong}: one per article.")
    if n_items == 0:
        raise ValueError("The catalogue is empty: publish at least one article first.")


def _content_encoder(config: RecConfig) -> TextEncoder:
    if config.encoder == "tfidf":
        return encoder_for(
            "tfidf",
            dims=config.content_dims,
            max_features=config.tfidf_max_features,
            bigrams=config.tfidf_bigrams,
        )
    return encoder_for(config.encoder)


def confidence_matrix(interactions: Interactions, n_items: int) -> scipy.sparse.csr_matrix:
    """users x items, the summed weights of each user's events on each item."""
    return scipy.sparse.csr_matrix(
        (
            interactions.weight.astype(np.float32),
            (interactions.user_idx.astype(np.int64), interactions.item_idx.astype(np.int64)),
        ),
        shape=(interactions.n_users, n_items),
        dtype=np.float32,
    )


def train_als(interactions: Interactions, n_items: int, config: RecConfig) -> np.ndarray:
    """Item factors from implicit's ALS (CPU), rounded to the precision they are stored with.

    BLAS is held to one thread while implicit runs: implicit parallelises with its own OpenMP
    threads, and a multi-threaded BLAS underneath slows it badly (which is what implicit warns
    about). Limiting BLAS here also keeps that warning from being raised.
    """
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    user_items = confidence_matrix(interactions, n_items)
    with threadpool_limits(limits=1, user_api="blas"):
        als = AlternatingLeastSquares(
            factors=config.als_factors,
            regularization=config.als_regularization,
            alpha=config.als_alpha,
            iterations=config.als_iterations,
            num_threads=config.als_threads,
            random_state=0,
        )
        als.fit(user_items, show_progress=False)
    return as_stored(als.item_factors)


def build_popularity(
    interactions: Interactions, n_items: int, now_day: float, config: RecConfig
) -> tuple[np.ndarray, np.ndarray, float]:
    """Popularity per audience group and overall, over the last week or, if sparse, month."""
    n_groups = len(interactions.group_names)
    event_group = (
        interactions.user_group[interactions.user_idx]
        if len(interactions)
        else np.zeros(0, np.int32)
    )
    window = config.popularity_days
    counts = _popularity_counts(interactions, event_group, n_items, n_groups, now_day, window)
    if counts[-1].sum() < config.min_popularity_events:
        window = config.popularity_fallback_days
        counts = _popularity_counts(interactions, event_group, n_items, n_groups, now_day, window)
    group_ok = np.array(
        [row.sum() >= config.min_popularity_events for row in counts[:-1]], dtype=bool
    )
    return as_stored(signals.popularity(counts)), group_ok, float(window)


def _popularity_counts(interactions, event_group, n_items, n_groups, now_day, window):
    return signals.popularity_counts(
        interactions.item_idx,
        interactions.day,
        interactions.weight,
        event_group,
        n_items,
        n_groups,
        now_day,
        window,
    )
