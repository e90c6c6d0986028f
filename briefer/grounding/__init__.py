"""The grounding stage: check a summary against its article before anyone reads it.

:func:`ground` finds every quote, speaker, actor, claim, lede sentence and open question in
the article, records where (character spans and sentence number) with a verdict
(``supported``, ``contradicted`` with the conflicting words, or ``not_found``) and, under
the ``drop`` policy, removes what fails; ``flag`` keeps it marked. :func:`failed_items`
lists what failed, for one targeted re-ask of the model. The optional model check
(``verify="model"``) asks a model about what the lexical checks passed
(:func:`statements_to_verify`) and applies its verdicts (:func:`apply_model_check`).
"""

from __future__ import annotations

from briefer.grounding._ground import GroundingPolicy, failed_items, ground, lede_sentences
from briefer.grounding._model_check import (
    EVIDENCE_CHARS,
    Statement,
    apply_model_check,
    statements_to_verify,
)
from briefer.grounding._quotes import ATTRIBUTION_WINDOW

__all__ = [
    "ATTRIBUTION_WINDOW",
    "EVIDENCE_CHARS",
    "GroundingPolicy",
    "Statement",
    "apply_model_check",
    "failed_items",
    "ground",
    "lede_sentences",
    "statements_to_verify",
]
