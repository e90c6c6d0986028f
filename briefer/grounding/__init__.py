"""The grounding stage: check a summary against its article before anyone reads it.

:func:`ground` finds every quote, speaker, actor, claim, lede sentence and open question in
the article, records where (character spans and sentence number) with a verdict
(``supported``, ``contradicted`` with the conflicting words, or ``not_found``) and, under
the ``drop`` policy, removes what fails; ``flag`` keeps it marked. :func:`failed_items`
lists what failed, for one targeted re-ask of the model.
"""

from __future__ import annotations

from briefer.grounding._ground import GroundingPolicy, failed_items, ground
from briefer.grounding._quotes import ATTRIBUTION_WINDOW

__all__ = ["ATTRIBUTION_WINDOW", "GroundingPolicy", "failed_items", "ground"]
