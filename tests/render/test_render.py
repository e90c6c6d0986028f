from __future__ import annotations

import datetime as dt

import pytest

from briefer.errors import UsageError
from briefer.render import render_brief, render_summary
from briefer.schema import (
    Actor,
    ArticleSummary,
    BriefMetadata,
    Claim,
    DailyBrief,
    Evidence,
    ExpertEntry,
    GroundingReport,
    NotIncluded,
    QuotedExpert,
    RunMetadata,
    SourceRef,
    Story,
    StoryQuestions,
    TopLine,
    Usage,
    WhoEntry,
)


def _summary(**changes: object) -> ArticleSummary:
    fields: dict[str, object] = {
        "title": "Finance minister resigns",
        "source": "daily.txt",
        "url": "https://example.com/a",
        "lede": "The finance minister resigned on Tuesday after the budget vote failed.",
        "key_claims": [
            Claim(text="The budget vote failed.", evidence=Evidence(verified=True, sentence=2)),
            Claim(text="Markets fell 3%.", evidence=Evidence(verified=False)),
        ],
        "actors": [
            Actor(name="Jane Doe", kind="person", role="finance minister"),
            Actor(name="Parliament", kind="organization"),
        ],
        "quoted_experts": [
            QuotedExpert(
                name="Ana Ruiz",
                affiliation="economist at Example University",
                quote="This was a long time coming.",
                evidence=Evidence(verified=True, sentence=9),
            ),
            QuotedExpert(
                name="Bob Smith", quote="Nobody saw it.", evidence=Evidence(verified=False)
            ),
        ],
        "open_questions": ["Who will replace her?"],
        "metadata": RunMetadata(
            engine="offline",
            briefer_version="0.1.0",
            grounding=GroundingReport(policy="flag", checked=12, verified=12),
            grounding_rate=1.0,
        ),
    }
    fields.update(changes)
    return ArticleSummary.model_validate(fields)


EXPECTED_MARKDOWN = """\
# Finance minister resigns

daily.txt · <https://example.com/a>

The finance minister resigned on Tuesday after the budget vote failed.

## Key claims

- The budget vote failed.
- Markets fell 3%. (unverified)

## Actors

- **Jane Doe** - person, finance minister
- **Parliament** - organization

## Quoted experts

**Ana Ruiz**, economist at Example University (sentence 9)

> This was a long time coming.

**Bob Smith** (unverified)

> Nobody saw it.

## Open questions

- Who will replace her?

---

_briefer 0.1.0 · engine: offline · tokens: 0 · grounding: 100% (12/12 verified)_
"""


def test_summary_markdown_reads_as_a_brief() -> None:
    assert render_summary(_summary()) == EXPECTED_MARKDOWN


def test_summary_markdown_leaves_out_empty_sections() -> None:
    bare = _summary(key_claims=[], actors=[], quoted_experts=[], open_questions=[], url=None)
    assert render_summary(bare) == (
        "# Finance minister resigns\n\ndaily.txt\n\n"
        "The finance minister resigned on Tuesday after the budget vote failed.\n\n---\n\n"
        "_briefer 0.1.0 · engine: offline · tokens: 0 · grounding: 100% (12/12 verified)_\n"
    )


def test_summary_footer_names_model_mode_tokens_and_cost() -> None:
    meta = RunMetadata(
        engine="model",
        model="gpt-4o-mini",
        mode="json_schema",
        usage=Usage(total_tokens=1234),
        cost_usd=0.00123,
        grounding=GroundingReport(policy="drop", checked=12, verified=11),
        grounding_rate=11 / 12,
    )
    footer = render_summary(_summary(metadata=meta)).splitlines()[-1]
    assert footer == (
        "_briefer · engine: model · model: gpt-4o-mini · mode: json_schema · tokens: 1,234"
        " · cost: $0.0012 · grounding: 92% (11/12 verified)_"
    )


def test_summary_without_title_is_headed_by_its_lede_shortened() -> None:
    summary = _summary(
        title=None,
        lede="U.S. officials will not restrict Ukraine's use of American-supplied weapons, even "
        "if North Korea arms Russia, they said on Monday. Talks go on.",
    )
    assert render_summary(summary).startswith(
        "# U.S. officials will not restrict Ukraine's use of American-supplied weapons, even if "
        "North Korea …\n"
    )


def test_summary_without_title_or_lede_is_headed_summary() -> None:
    assert render_summary(_summary(title=None, lede="", source=None)).startswith("# Summary\n")


@pytest.mark.parametrize(
    ("claim", "line"),
    [
        pytest.param("# not a heading", "- \\# not a heading", id="hash"),
        pytest.param("> not a quote", "- \\> not a quote", id="gt"),
        pytest.param("1. not a list", "- 1\\. not a list", id="ordered"),
        pytest.param("two\nlines", "- two lines", id="newline"),
        pytest.param("<b>markup</b>", "- &lt;b>markup&lt;/b>", id="html"),
    ],
)
def test_markdown_article_text_cannot_break_the_layout(claim: str, line: str) -> None:
    out = render_summary(_summary(key_claims=[Claim(text=claim)]))
    assert line in out.splitlines()


def test_markdown_multi_paragraph_quote_stays_inside_the_blockquote() -> None:
    expert = QuotedExpert(name="Ana Ruiz", quote="First part.\n\nSecond part.")
    out = render_summary(_summary(quoted_experts=[expert]))
    assert "> First part.\n>\n> Second part.\n" in out


def test_summary_json_is_model_dump_json() -> None:
    summary = _summary()
    assert render_summary(summary, "json") == summary.model_dump_json(indent=2)


def test_html_shows_script_in_title_and_quote_as_text() -> None:
    expert = QuotedExpert(name="X", quote="<script>alert(1)</script>")
    html = render_summary(
        _summary(title="<script>alert(2)</script>", quoted_experts=[expert]), "html"
    )
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h1>&lt;script&gt;alert(2)&lt;/script&gt;</h1>" in html


def test_html_is_self_contained_and_print_friendly() -> None:
    html = render_summary(_summary(), "html")
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html
    assert "@media print" in html
    assert "<link" not in html and "src=" not in html and "@import" not in html


def test_html_does_not_link_javascript_urls() -> None:
    html = render_summary(_summary(url="javascript:alert(1)"), "html")
    assert 'href="javascript' not in html
    assert "javascript:alert(1)" in html


def test_html_marks_unverified_and_sentence() -> None:
    html = render_summary(_summary(), "html")
    assert '<span class="where">(sentence 9)</span>' in html
    assert '<strong>Bob Smith</strong> <span class="unverified">(unverified)</span>' in html


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown output format 'pdf'"):
        render_summary(_summary(), "pdf")  # type: ignore[arg-type]


def _brief() -> DailyBrief:
    budget = SourceRef(title="Budget fails", url="https://example.com/a", source="Daily")
    storm = SourceRef(title="Storm hits coast", source="storm.txt")
    return DailyBrief(
        title="Daily brief",
        date=dt.date(2024, 3, 5),
        top_lines=[
            TopLine(text="The budget failed.", sources=[budget]),
            TopLine(text="A storm hit the coast.", sources=[storm]),
        ],
        stories=[
            Story(id="s1", title="Budget fails", sources=[budget], summary=_summary()),
            Story(
                id="s2",
                title="Storm hits coast",
                sources=[storm],
                summary=_summary(
                    lede="A storm hit the coast.", key_claims=[], actors=[], quoted_experts=[]
                ),
            ),
        ],
        whos_who=[
            WhoEntry(name="Jane Doe", kind="person", roles=["minister"], stories=["Budget fails"])
        ],
        experts=[
            ExpertEntry(
                name="Ana Ruiz", affiliation="economist", quote="Long coming.", source=budget
            )
        ],
        open_questions=[
            StoryQuestions(story="Budget fails", questions=["Who replaces her?"], source=budget)
        ],
        not_included=[NotIncluded(source="scan.pdf", reason="binary file, not text")],
        metadata=BriefMetadata(
            engine="model",
            model="gpt-4o-mini",
            articles=3,
            stories=2,
            calls=3,
            cached_calls=1,
            usage=Usage(total_tokens=12345),
            cost_usd=0.0123,
            briefer_version="0.1.0",
        ),
    )


def test_brief_markdown_has_every_section_in_order() -> None:
    out = render_brief(_brief())
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings == [
        "# Daily brief",
        "## Top lines",
        "## Stories",
        "### Budget fails",
        "### Storm hits coast",
        "## Who's who",
        "## Experts quoted",
        "## Open questions",
        "## Not included",
    ]


def test_brief_markdown_cites_sources_by_link_or_file_name() -> None:
    lines = render_brief(_brief()).splitlines()
    assert "- The budget failed. ([Budget fails](https://example.com/a))" in lines
    assert "- A storm hit the coast. (Storm hits coast (storm.txt))" in lines
    assert "Sources: Storm hits coast (storm.txt)" in lines


def test_brief_markdown_lists_not_included_and_provenance() -> None:
    lines = render_brief(_brief()).splitlines()
    assert "- scan.pdf: binary file, not text" in lines
    assert lines[-1] == (
        "_briefer 0.1.0 · engine: model · model: gpt-4o-mini · articles: 3 · stories: 2"
        " · calls: 3 (1 cached) · tokens: 12,345 · cost: $0.0123_"
    )


def test_brief_without_failures_has_no_not_included_section() -> None:
    brief = _brief().model_copy(update={"not_included": []})
    assert "Not included" not in render_brief(brief)
    assert "Not included" not in render_brief(brief, "html")


def test_brief_html_escapes_story_text() -> None:
    brief = _brief()
    brief.stories[0].title = "<script>alert(1)</script>"
    html = render_brief(brief, "html")
    assert "<script" not in html
    assert "<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>" in html
    assert "<li>scan.pdf: binary file, not text</li>" in html


def test_brief_json_is_model_dump_json() -> None:
    brief = _brief()
    assert render_brief(brief, "json") == brief.model_dump_json(indent=2)


def test_markdown_output_never_turns_article_text_into_links_or_images() -> None:
    from briefer.render import md_text

    text = "Deal [signed](javascript:alert(2)) ![pixel](http://tracker.example/p.png)"
    assert md_text(text) == (
        "Deal \\[signed\\](javascript:alert(2)) !\\[pixel\\](http://tracker.example/p.png)"
    )


def test_every_quotation_of_an_expert_is_rendered() -> None:
    from briefer.schema import QuotedExpert

    summary = ArticleSummary(
        lede="x",
        quoted_experts=[
            QuotedExpert(name="Ana Ruiz", quotes=["First words here.", "Second ones."])
        ],
        metadata=RunMetadata(engine="offline"),
    )
    markdown = render_summary(summary, "markdown")
    assert "> First words here.\n\n> Second ones." in markdown
    html = render_summary(summary, "html")
    assert html.count("<blockquote>") == 2 and "Second ones." in html
