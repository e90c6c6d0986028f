"""The brief stage: a day of articles grouped into stories, summarized, and made one document.

:func:`group_stories` finds which articles tell one event; :func:`build_brief` (and
:func:`abuild_brief`) rank the stories, summarize each concurrently, file them in sections,
compare their sources (what each adds, where they disagree), mark what changed since a
previous brief, write the day's top lines and build the indexes; :func:`plan_calls` prices
the same calls without making any. :class:`BriefOptions` holds what a brief shows. The Batch
API path runs the same brief in passes (:func:`run_pass`) over replies kept in a
:class:`BatchStore`, exported to and imported from JSONL files, or sent through the
provider's batches API (:func:`run_batches`).
"""

from __future__ import annotations

from briefer.brief._batch_api import (
    BatchProgress,
    cancel_batch,
    collect_batch,
    list_batches,
    run_batches,
    submit_batch,
    wait_for_batch,
)
from briefer.brief._batch_files import (
    BatchResult,
    ImportCounts,
    ResultsRead,
    import_results,
    read_results,
    read_results_file,
    request_lines,
    write_requests,
)
from briefer.brief._batch_run import PassResult, batch_mode, batch_planner, run_pass
from briefer.brief._batch_store import BatchJob, BatchRequest, BatchStore, custom_id_for
from briefer.brief._build import Progress, abuild_brief, build_brief
from briefer.brief._estimate import BriefPlan, PlannedCall, plan_calls
from briefer.brief._options import BriefOptions, PerSource
from briefer.brief._sections import DEFAULT_SECTIONS, classify_section, parse_sections
from briefer.brief._stories import StoryGroup, canonical_url, group_stories

__all__ = [
    "BatchJob",
    "BatchProgress",
    "BatchRequest",
    "BatchResult",
    "BatchStore",
    "BriefOptions",
    "BriefPlan",
    "DEFAULT_SECTIONS",
    "ImportCounts",
    "PassResult",
    "PerSource",
    "PlannedCall",
    "Progress",
    "ResultsRead",
    "StoryGroup",
    "abuild_brief",
    "batch_mode",
    "batch_planner",
    "build_brief",
    "cancel_batch",
    "canonical_url",
    "classify_section",
    "collect_batch",
    "custom_id_for",
    "group_stories",
    "import_results",
    "list_batches",
    "parse_sections",
    "plan_calls",
    "read_results",
    "read_results_file",
    "request_lines",
    "run_batches",
    "run_pass",
    "submit_batch",
    "wait_for_batch",
    "write_requests",
]
