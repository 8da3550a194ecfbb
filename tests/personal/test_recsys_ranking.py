"""Ranking rules on small hand-made models: exclusions, diversity, cold start, reasons, ties."""

import numpy as np
import pytest
import scipy.sparse

from mmhub.personal.recsys import (
    Reason,
    RecConfig,
    RecModel,
    TfidfEncoder,
    UserState,
    reason_text,
    recommend,
    related_items,
)
from mmhub.personal.recsys.ranking import select_diverse

NOW = 20_000.0
AREAS = ["Maintenance therapy", "Transplant", "MRD", "Bone disease"]
GROUPS = ["haematologists", "nurses"]


def make_model(
    primary,
    vectors=None,
    popularity=None,
    published=None,
    group_ok=(True, True),
    popularity_days=7.0,
    config=None,
):
    """A model from hand-made arrays; one area per item (its primary area, if any)."""
    primary = np.asarray(primary, dtype=np.int32)
    n_items = len(primary)
    rows = np.flatnonzero(primary >= 0)
    item_areas = scipy.sparse.csr_matrix(
        (np.ones(rows.size, np.float32), (rows, primary[rows])), shape=(n_items, len(AREAS))
    )
    if vectors is None:
        vectors = np.eye(n_items, dtype=np.float32)  # every item unlike every other
    if popularity is None:
        popularity = np.zeros((len(GROUPS) + 1, n_items), np.float32)
    if published is None:
        published = np.full(n_items, NOW - 400.0)  # all equally old: recency ties
    return RecModel(
        config=config or RecConfig(),
        built_day=NOW,
        item_ids=np.arange(100, 100 + n_items, dtype=np.int64),
        titles=[f"Article {item}" for item in range(n_items)],
        item_areas=item_areas,
        primary_area=primary,
        published_day=np.asarray(published, dtype=np.float64),
        area_ids=np.arange(1, len(AREAS) + 1, dtype=np.int64),
        area_names=AREAS,
        group_names=GROUPS,
        item_vectors=np.asarray(vectors, dtype=np.float32),
        encoder=TfidfEncoder(),
        item_factors=None,
        popularity=np.asarray(popularity, dtype=np.float32),
        popularity_group_ok=np.asarray(group_ok, dtype=bool),
        popularity_days=popularity_days,
    )


def descending_popularity(n_items):
    overall = np.linspace(1.0, 0.1, n_items, dtype=np.float32)
    return np.vstack([overall, overall, overall])


def items_of(recommendations):
    return [recommendation.item for recommendation in recommendations]


# --- exclusions -------------------------------------------------------------------------------


def test_saved_read_and_excluded_items_are_never_recommended():
    model = make_model([-1] * 12, popularity=descending_popularity(12))
    state = UserState(followed_areas=[], saved=[0, 5], read=[1, 7])

    recommended = items_of(recommend(model, state, k=12, exclude_items=[2]))

    assert recommended == [3, 4, 6, 8, 9, 10, 11]


# --- diversity --------------------------------------------------------------------------------


def test_at_most_three_items_share_a_primary_area_in_a_top_ten():
    # The 15 most popular items are all in area 0, then four without an area, then the others.
    primary = [0] * 15 + [-1] * 4 + [1, 2, 3, 1, 2, 3]
    model = make_model(primary, popularity=descending_popularity(len(primary)))

    recommended = items_of(recommend(model, UserState([], [], []), k=10))

    # The best three of area 0 lead; the four items without an area are not capped.
    assert recommended == [0, 1, 2, 15, 16, 17, 18, 19, 20, 21]
    areas = model.primary_area[recommended]
    assert max(np.count_nonzero(areas == area) for area in range(4)) == 3


def test_the_cap_returns_fewer_items_rather_than_break_the_rule():
    model = make_model([0] * 8 + [1] * 8, popularity=descending_popularity(16))

    recommended = items_of(recommend(model, UserState([], [], []), k=10))

    assert recommended == [0, 1, 2, 8, 9, 10]


def test_diversity_looks_past_the_first_candidates_when_one_area_dominates():
    # 500 top items in area 0, then one item in each other area far down the ranking.
    scores = np.concatenate([np.linspace(2.0, 1.0, 500), [0.5, 0.4, 0.3]]).astype(np.float32)
    primary = np.array([0] * 500 + [1, 2, 3], dtype=np.int32)

    chosen = select_diverse(scores, primary, k=10, max_per_area=3)

    assert chosen.tolist() == [0, 1, 2, 500, 501, 502]


# --- cold start -------------------------------------------------------------------------------


def test_cold_start_falls_back_to_popularity_with_a_popular_reason():
    popularity = np.zeros((3, 6), np.float32)
    popularity[-1] = [0.2, 0.9, 0.1, 0.5, 0.7, 0.3]  # everyone
    popularity[0] = [0.9, 0.0, 0.0, 0.0, 0.0, 1.0]  # haematologists, unused: group unknown
    model = make_model([-1] * 6, popularity=popularity)

    recommendations = recommend(model, UserState([], [], []), k=3)

    assert items_of(recommendations) == [1, 4, 3]
    assert {r.reason for r in recommendations} == {Reason("popular", group=-1)}


def test_cold_start_uses_the_audience_groups_own_popularity_when_it_has_enough_data():
    popularity = np.zeros((3, 4), np.float32)
    popularity[-1] = [1.0, 0.5, 0.0, 0.0]
    popularity[1] = [0.0, 0.0, 0.5, 1.0]  # nurses
    model = make_model([-1] * 4, popularity=popularity)

    recommendations = recommend(model, UserState([], [], [], group=1), k=2)

    assert items_of(recommendations) == [3, 2]
    assert recommendations[0].reason == Reason("popular", group=1)


def test_a_group_without_enough_data_gets_everyones_popularity():
    popularity = np.zeros((3, 4), np.float32)
    popularity[-1] = [1.0, 0.5, 0.0, 0.0]
    popularity[1] = [0.0, 0.0, 0.5, 1.0]
    model = make_model([-1] * 4, popularity=popularity, group_ok=(True, False))

    recommendations = recommend(model, UserState([], [], [], group=1), k=2)

    assert items_of(recommendations) == [0, 1]
    assert recommendations[0].reason == Reason("popular", group=-1)


def test_brand_new_articles_lead_a_cold_start_list_when_nothing_is_popular():
    published = np.full(5, NOW - 300.0)
    published[3] = NOW - 1.0
    model = make_model([-1] * 5, published=published)

    recommendations = recommend(model, UserState([], [], []), k=2)

    assert recommendations[0].item == 3
    assert recommendations[0].reason == Reason("new")


# --- reasons ----------------------------------------------------------------------------------


def test_each_item_gets_the_reason_of_its_largest_contribution():
    # Item 0 is saved. Item 1 is almost the same text but in an unfollowed area; item 2 is in
    # the followed area and unlike anything the user read.
    vectors = np.array(
        [[1, 0, 0], [0.99, 0.141, 0], [0, 0, 1], [0, 1, 0], [0, 1, 0]], dtype=np.float32
    )
    model = make_model([1, 3, 0, 3, 3], vectors=vectors)
    state = UserState(followed_areas=[0], saved=[0], read=[])

    reasons = {r.item: r.reason for r in recommend(model, state, k=4)}

    assert reasons[1] == Reason("similar", seed_item=0)
    assert reasons[2] == Reason("area", area_index=0)


def test_reason_text_phrasings():
    model = make_model([0, 1])
    assert (
        reason_text(model, Reason("area", area_index=0)) == "Because you follow Maintenance therapy"
    )
    assert reason_text(model, Reason("similar", seed_item=1)) == "Similar to “Article 1”"
    assert reason_text(model, Reason("collaborative")) == "Read by HCPs with interests like yours"
    assert reason_text(model, Reason("popular", group=1)) == "Popular with nurses this week"
    assert reason_text(model, Reason("popular")) == "Popular with HCPs this week"
    assert reason_text(model, Reason("new")) == "Recently published"


def test_popular_reads_this_month_when_the_week_was_too_sparse():
    model = make_model([0], popularity_days=30.0)
    assert (
        reason_text(model, Reason("popular", group=0)) == "Popular with haematologists this month"
    )


def test_reason_text_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="Unknown reason kind 'trending'"):
        reason_text(make_model([0]), Reason("trending"))


# --- ties -------------------------------------------------------------------------------------


def test_equal_scores_rank_by_item_index_every_time():
    model = make_model([-1] * 30)  # nothing popular, all equally old: every score is equal
    state = UserState(followed_areas=[], saved=[], read=[4])

    first = recommend(model, state, k=10)
    again = recommend(model, state, k=10)

    assert items_of(first) == [0, 1, 2, 3, 5, 6, 7, 8, 9, 10]
    assert first == again


# --- related for you --------------------------------------------------------------------------


def test_related_items_exclude_the_article_and_what_the_user_read():
    vectors = np.array([[1, 0], [0.95, 0.31], [0.9, 0.44], [0.8, 0.6], [0, 1]], dtype=np.float32)
    model = make_model([0, 1, 2, 3, -1], vectors=vectors)
    state = UserState(followed_areas=[], saved=[], read=[1])

    related = related_items(model, 0, state, k=4)

    assert items_of(related) == [2, 3, 4]
    assert related[0].reason == Reason("similar", seed_item=0)


def test_related_items_also_leave_out_what_the_caller_excludes():
    vectors = np.array([[1, 0], [0.95, 0.31], [0.9, 0.44], [0.8, 0.6], [0, 1]], dtype=np.float32)
    model = make_model([0, 1, 2, 3, -1], vectors=vectors)

    related = related_items(model, 0, UserState([], [], []), k=4, exclude_items=[1, 3])

    assert items_of(related) == [2, 4]
