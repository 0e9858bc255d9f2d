"""Meaning, not just words: a small static embedding model shipped with coffeechat.

The model (model/, made once by scripts/make_model.py) maps each token to a vector; a text's
vector is the mean of its tokens'. Encoding 1,000 titles takes about 12 ms on one core, and
loading the model a quarter of a second, once per process.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np  # imported where used: commands and django.setup() stay light (issue 13)

MODEL_DIR = Path(__file__).resolve().parent / "model"
CACHE_SIZE = 50_000  # vectors kept per process: titles and organizations repeat a great deal

_lock = threading.Lock()
_model: Any = None
_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def _load() -> Any:
    global _model
    with _lock:
        if _model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is on disk; never ask a hub
            from model2vec import StaticModel

            _model = StaticModel.from_pretrained(str(MODEL_DIR))
    return _model


def warm_up(*, wait: bool = False) -> None:
    """Load the model (in the background unless `wait`), so the first suggestions are quick."""
    if wait:
        _load()
    else:
        threading.Thread(target=_load, name="coffeechat-model", daemon=True).start()


def vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit-length vectors for the texts (float32, one row each); empty texts give zeros."""
    import numpy as np

    missing = [t for t in dict.fromkeys(texts) if t not in _cache]
    if missing:
        encoded = np.asarray(_load().encode(missing), dtype=np.float32)
        norms = np.linalg.norm(encoded, axis=1, keepdims=True)
        encoded = np.divide(encoded, norms, out=np.zeros_like(encoded), where=norms > 0)
        with _lock:
            for text, vector in zip(missing, encoded, strict=True):
                _cache[text] = vector.astype(np.float16)
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    with _lock:
        rows = [_cache.get(t) for t in texts]
    if any(r is None for r in rows):  # evicted meanwhile by a very large request: encode again
        return np.asarray(_load().encode(list(texts)), dtype=np.float32)
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)


def similarities(query: str, texts: Sequence[str]) -> np.ndarray:
    """Cosine similarity of each text to the query, from -1 to 1."""
    if not texts:
        import numpy as np

        return np.zeros(0, dtype=np.float32)
    return vectors(list(texts)) @ vectors([query])[0]
