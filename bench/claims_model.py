"""The claim benchmark with the model check, against the live llama.cpp server (SmolLM2-135M).

Each article's claims are grounded lexically, as in ``bench/claims.py``; what the lexical check
keeps is then shown to the model in one verify call per batch of claims (the same request a
summary's model check sends), and the model's verdicts applied. A claim is kept only if both
checks keep it. A fixed sample per class keeps the run to minutes on two cores.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent

if TYPE_CHECKING:
    from bench.claims import Case, Outcome

SAMPLE_PER_CLASS = 8


def _server_script() -> ModuleType:
    path = REPO / "scripts" / "llama_server.py"
    spec = importlib.util.spec_from_file_location("llama_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["llama_server"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def sample(cases: list[Case], per_class: int = SAMPLE_PER_CLASS) -> list[Case]:
    """Up to ``per_class`` cases of each class, the same ones on every run."""
    rng = random.Random("claims-model-sample")
    by_kind: dict[str, list[Case]] = {}
    for case in cases:
        by_kind.setdefault(case.kind, []).append(case)
    picked = []
    for group in by_kind.values():
        picked += rng.sample(group, k=min(per_class, len(group)))
    return sorted(picked, key=lambda c: c.id)


def run_with_model(
    cases: list[Case],
    progress: Callable[[int, int], None] | None = None,
    per_class: int = SAMPLE_PER_CLASS,
) -> list[Outcome] | None:
    """Lexical and model verdicts on a sample of ``cases``; None without the server."""
    from openai import OpenAI

    from bench.claims import DATA, Outcome
    from briefer import Briefer
    from briefer.grounding import apply_model_check, ground, statements_to_verify
    from briefer.prompts import verify_request
    from briefer.schema import MAX_CLAIMS, Claim, SummaryContent, VerifyReply

    script = _server_script()
    if not script.is_installed():
        return None
    chosen = sample(cases, per_class)
    by_article: dict[str, list[Case]] = {}
    for case in chosen:
        by_article.setdefault(case.article, []).append(case)
    outcomes: list[Outcome] = []
    done = 0
    with (
        script.running_server() as server,
        OpenAI(
            base_url=server.base_url, api_key="sk-no-key", max_retries=0, timeout=600.0
        ) as client,
    ):
        briefer = Briefer(
            client=client,
            model=server.model,
            verify="model",
            max_output_tokens=768,
            temperature=0.0,
            context_window=server.n_ctx,
        )
        for article, group in by_article.items():
            text = (DATA / article).read_text(encoding="utf-8")
            for start in range(0, len(group), MAX_CLAIMS):
                batch = group[start : start + MAX_CLAIMS]
                content = SummaryContent(lede="", key_claims=[Claim(text=c.claim) for c in batch])
                grounded, report = ground(content, text, policy="flag")
                statements = statements_to_verify(grounded, report, text)
                reply = None
                if statements:
                    request = verify_request(
                        briefer.prompts, [(s.text, s.evidence) for s in statements]
                    )
                    try:
                        reply = briefer.call(request, VerifyReply, template="verify").value
                    except Exception:  # a failed call is a failed check, as in a summary
                        reply = None
                    grounded, report = apply_model_check(
                        grounded, report, statements, reply, "flag"
                    )
                for case, claim in zip(batch, grounded.key_claims, strict=True):
                    evidence = claim.evidence
                    assert evidence is not None
                    outcomes.append(
                        Outcome(case, evidence.verified, evidence.verdict, evidence.note)
                    )
                done += len(batch)
                if progress is not None:
                    progress(done, len(chosen))
    return outcomes
