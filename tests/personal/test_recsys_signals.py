"""Each recommendation signal alone, on tiny hand-made inputs with known answers."""

import math

import numpy as np
import pytest
import scipy.sparse

from mmhub.personal.recsys import signals


def areas_matrix(rows, n_areas):
    """items x areas from a list of the areas of each item."""
    data = [(item, area) for item, areas in enumerate(rows) for area in areas]
    items, areas = zip(*data, strict=True)
    return scipy.sparse.csr_matrix(
        (np.ones(len(items), np.float32), (items, areas)), shape=(len(rows), n_areas)
    )


# --- interest ---------------------------------------------------------------------------------


def test_interest_scores_items_in_followed_areas_and_names_the_first_followed():
    item_areas = areas_matrix([[0], [1], [0, 2], [3], [2]], n_areas=4)

    scores, best_area = signals.interest_match(item_areas, followed_areas=[2, 0])

    assert scores.tolist() == [1.0, 0.0, 1.0, 0.0, 1.0]
    # Item 2 is in both followed areas: the user's first follow (2) explains it.
    assert best_area.tolist() == [0, -1, 2, -1, 2]


def test_interest_without_follows_is_zero_everywhere():
    scores, best_area = signals.interest_match(areas_matrix([[0], [1]], 2), [])
    assert scores.tolist() == [0.0, 0.0]
    assert best_area.tolist() == [-1, -1]


# --- content ----------------------------------------------------------------------------------


def unit_vectors():
    root_half = math.sqrt(0.5)
    return np.array([[1, 0, 0], [0, 1, 0], [root_half, root_half, 0], [0, 0, 1]], dtype=np.float32)


def test_seed_weights_favour_saved_then_recent_and_keep_the_heavier_duplicate():
    items, weights = signals.seed_weights(saved=[7], read=[3, 7, 9], max_seeds=10, decay=0.9)

    assert items.tolist() == [7, 3, 9]
    assert weights.tolist() == pytest.approx([3.0, 1.0, 0.81])


def test_seed_weights_keep_only_the_heaviest_seeds():
    items, _ = signals.seed_weights(saved=[], read=[1, 2, 3, 4], max_seeds=2, decay=0.5)
    assert items.tolist() == [1, 2]


def test_content_similarity_to_one_seed_is_the_cosine():
    scores, best_seed = signals.content_similarity(unit_vectors(), [0], [1.0])

    assert scores.tolist() == pytest.approx([1.0, 0.0, math.sqrt(0.5), 0.0], abs=1e-6)
    assert best_seed.tolist() == [0, -1, 0, -1]


def test_content_similarity_weighs_seeds_and_names_the_heaviest_contributor():
    scores, best_seed = signals.content_similarity(unit_vectors(), [0, 1], [3.0, 1.0])

    # Weighted mean cosine [0.75, 0.25, 0.707, 0], divided by its maximum.
    expected = np.array([0.75, 0.25, math.sqrt(0.5), 0.0]) / 0.75
    assert scores.tolist() == pytest.approx(expected.tolist(), abs=1e-6)
    # Item 2 is equally close to both seeds; the saved (heavier) seed 0 explains it.
    assert best_seed.tolist() == [0, 1, 0, -1]


def test_content_similarity_explains_only_the_items_asked_for():
    _, best_seed = signals.content_similarity(unit_vectors(), [1], [1.0], explain_items=[2])
    assert best_seed.tolist() == [-1, -1, 1, -1]


def test_content_similarity_without_seeds_is_zero():
    scores, best_seed = signals.content_similarity(unit_vectors(), [], [])
    assert not scores.any()
    assert (best_seed == -1).all()


# --- collaborative ----------------------------------------------------------------------------


def test_collaborative_scales_to_unit_interval_and_drops_negative_preferences():
    factors = np.array([[1, 0], [0, 1], [-1, 0]], dtype=np.float32)

    scores = signals.collaborative(factors, np.array([2.0, 1.0], np.float32))

    assert scores.tolist() == pytest.approx([1.0, 0.5, 0.0])


def test_collaborative_without_a_user_vector_is_zero():
    assert not signals.collaborative(np.ones((3, 2), np.float32), None).any()


def test_fold_in_matches_implicits_own_user_recalculation():
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(3)
    user_items = scipy.sparse.random(60, 40, density=0.15, random_state=4, format="csr")
    user_items.data[:] = rng.choice([1.0, 3.0], size=user_items.nnz)
    user_items = user_items.astype(np.float32)
    with threadpool_limits(1, "blas"):
        als = AlternatingLeastSquares(factors=8, regularization=0.1, alpha=2.0, random_state=0)
        als.fit(user_items, show_progress=False)
        expected = als.recalculate_user(0, user_items[0])
    row = user_items[0]
    factors = als.item_factors
    gram = factors.T.astype(np.float64) @ factors.astype(np.float64)

    vector = signals.fold_in_user(factors, gram, row.indices, row.data * 2.0, 0.1)

    assert vector == pytest.approx(expected, rel=1e-3, abs=1e-4)


# --- recency and popularity -------------------------------------------------------------------


def test_recency_halves_every_half_life_and_never_exceeds_one():
    scores = signals.recency(np.array([100.0, 55.0, 10.0, 120.0]), now_day=100.0, half_life=45.0)
    assert scores.tolist() == pytest.approx([1.0, 0.5, 0.25, 1.0])


def test_popularity_counts_only_the_window_before_now_per_group_and_overall():
    item = np.array([0, 1, 1, 2, 2, 0])
    day = np.array([91.0, 95.0, 99.0, 100.0, 101.0, 99.5])  # 91 is too old, 101 is the future
    weight = np.array([1.0, 3.0, 1.0, 1.0, 1.0, 1.0])
    group = np.array([0, 0, 1, -1, 0, 1])

    counts = signals.popularity_counts(item, day, weight, group, 3, 2, now_day=100.0, window_days=7)

    assert counts.tolist() == [
        [0.0, 3.0, 0.0],  # group 0
        [1.0, 1.0, 0.0],  # group 1
        [1.0, 4.0, 1.0],  # everyone, unknown group included
    ]


def test_popularity_is_on_a_log_scale_from_zero_to_one():
    scores = signals.popularity(np.array([0.0, 1.0, 3.0]))
    assert scores.tolist() == pytest.approx([0.0, 0.5, 1.0])


def test_popularity_of_nothing_is_zero():
    assert signals.popularity(np.zeros(4)).tolist() == [0.0] * 4
