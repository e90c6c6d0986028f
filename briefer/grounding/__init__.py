"""The grounding stage: check a summary's quotes, speakers, actors and claims against its article.

:func:`ground` finds every checked item in the article, records where (character span and
sentence number) and, under the ``drop`` policy, removes what it cannot find; ``flag`` keeps
it marked. :func:`failed_items` lists what failed, for one targeted re-ask of the model.
"""

from __future__ import annotations

from briefer.grounding._ground import ATTRIBUTION_WINDOW, GroundingPolicy, failed_items, ground

__all__ = ["ATTRIBUTION_WINDOW", "GroundingPolicy", "failed_items", "ground"]
