"""A content-addressed cache of model responses, in one private SQLite file on disk.

The key is a hash of everything that decides a reply: the model name, the messages, the
response format and the prompt template's hash (plus any ``extra`` the caller adds, such as
temperature, and the server's address, which briefer adds so that two servers serving
different models under one name do not share replies). Headers, API keys and organization
ids are never part of the key and never stored: a cache file can be shared without leaking
credentials. Beside each reply the cache keeps when it was stored and the model name it was
asked of, for ``briefer cache info`` and ``briefer cache prune --model``.

Many asyncio tasks, threads and processes may read and write one file at once: SQLite's
WAL journal lets readers go on while one writer commits, and ``busy_timeout`` makes a
writer wait for its turn instead of failing. A cache is an optimisation, so any failure to
open, read or write it is logged as a warning and the run goes on uncached. The file is
created readable by its owner only (0600), in folders only the owner can enter (0700).
"""

from __future__ import annotations

from briefer.cache._cache import (
    CACHE_DIR_ENV,
    CACHE_FILE,
    CacheInfo,
    ModelEntries,
    ResponseCache,
    default_cache_path,
)

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_FILE",
    "CacheInfo",
    "ModelEntries",
    "ResponseCache",
    "default_cache_path",
]
