"""``-o`` and standard output: never a replaced device, never a damaged or overwritten input.

Every device, FIFO and symlink here is made in the test's own folder: a character device
node with the numbers of /dev/null (1, 3) or /dev/full (1, 7) behaves as they do.
"""

from __future__ import annotations

import errno
import json
import os
import pty
import shutil
import stat
import threading
import tty
from pathlib import Path

import pytest
from cli_support import one_error_line, run_briefer
from support import BRIEF_DAY, SEED

from briefer.cli import main

CLOSED_SERVER = ("--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--max-retries", "0")


def _device(path: Path, minor: int, kind: int = stat.S_IFCHR) -> Path:
    try:
        os.mknod(path, kind | 0o666, os.makedev(1 if kind == stat.S_IFCHR else 7, minor))
    except PermissionError:
        pytest.skip("making device nodes needs root (CAP_MKNOD)")
    return path


def _article(folder: Path, name: str = "a.txt") -> Path:
    path = folder / name
    shutil.copy(SEED, path)
    return path


def test_a_character_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    null = _device(tmp_path / "null", 3)
    result = run_briefer("summarize", str(SEED), "--offline", "-q", "-o", str(null))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_fifo_is_written_through_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_briefer("summarize", str(SEED), "--offline", "-q", "-o", str(fifo))
    reader.join(timeout=10)
    assert result.returncode == 0, result.stderr
    assert received and received[0].startswith(b"# ")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = run_briefer("summarize", str(SEED), "--offline", "-q", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.readlink() == real
    assert json.loads(real.read_text())["metadata"]["engine"] == "offline"


def test_a_symlink_to_a_device_writes_through_to_the_device(tmp_path: Path) -> None:
    null = _device(tmp_path / "null", 3)
    link = tmp_path / "out.md"
    link.symlink_to(null)
    result = run_briefer("summarize", str(SEED), "--offline", "-q", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and stat.S_ISCHR(null.lstat().st_mode)


def test_a_planted_link_at_the_old_temporary_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out" / "brief.md"
    out.parent.mkdir()
    (out.parent / ".brief.md.tmp").symlink_to(victim)
    result = run_briefer("summarize", str(SEED), "--offline", "-q", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "precious"
    assert out.read_text().startswith("# ")
    # Only the output and the planted link: the temporary file was renamed, none left over.
    assert sorted(p.name for p in out.parent.iterdir()) == [".brief.md.tmp", "brief.md"]


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    out.write_text("old")
    out.chmod(0o640)
    result = run_briefer("summarize", str(SEED), "--offline", "-q", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text().startswith("# ")


def test_a_block_device_is_refused(tmp_path: Path) -> None:
    disk = _device(tmp_path / "disk", 0, stat.S_IFBLK)
    result = run_briefer("summarize", str(SEED), "--offline", "-o", str(disk))
    assert result.returncode == 2
    assert "block device" in one_error_line(result)
    assert stat.S_ISBLK(disk.lstat().st_mode)


def _same_as_input_cases(tmp: Path) -> dict[str, tuple[list[str], Path]]:
    article = _article(tmp)
    link = tmp / "link.txt"
    link.symlink_to(article)
    day = tmp / "day"
    day.mkdir()
    inside = _article(day, "b.txt")
    summary = tmp / "summary.md"
    made = run_briefer("summarize", str(article), "--offline", "-q", "-o", str(summary))
    assert made.returncode == 0, made.stderr
    results, since = tmp / "results.jsonl", tmp / "last.json"
    results.write_text("{}\n")
    since.write_text("{}\n")
    return {
        "same-path": (["summarize", str(article)], article),
        "through-a-symlink": (["summarize", str(article)], link),
        "the-input-is-a-symlink": (["summarize", str(link)], article),
        "a-file-of-an-input-folder": (["brief", str(day)], inside),
        "a-summary-briefer-wrote-named-as-input": (["summarize", str(summary)], summary),
        "the-batch-results-read": (["brief", str(day), "--batch-import", str(results)], results),
        "the-brief-compared-with": (["brief", str(day), "--since", str(since)], since),
    }


@pytest.mark.parametrize(
    "case",
    [
        "same-path",
        "through-a-symlink",
        "the-input-is-a-symlink",
        "a-file-of-an-input-folder",
        "a-summary-briefer-wrote-named-as-input",
        "the-batch-results-read",
        "the-brief-compared-with",
    ],
)
def test_an_output_that_is_an_input_is_refused_before_any_work(case: str, tmp_path: Path) -> None:
    args, target = _same_as_input_cases(tmp_path)[case]
    before = target.read_bytes()
    # The model server is closed: a model call would fail with exit 1, not this usage error.
    result = run_briefer(*args, *CLOSED_SERVER, "-o", str(target))
    assert result.returncode == 2
    assert "is also an input" in one_error_line(result)
    assert target.read_bytes() == before


@pytest.mark.parametrize("suffix", [".md", ".json", ".html"])
def test_a_brief_written_into_its_own_input_folder_is_not_read_back(
    tmp_path: Path, suffix: str
) -> None:
    day = tmp_path / "day"
    shutil.copytree(BRIEF_DAY, day)
    target = day / f"brief{suffix}"
    args = ("brief", str(day), "--offline", "--date", "2026-11-25", "-o", str(target))
    first = run_briefer(*args)
    assert first.returncode == 0, first.stderr
    shutil.copy(target, day / f"yesterday{suffix}")  # another name: known by its content
    second = run_briefer(*args)
    assert second.returncode == 0, second.stderr
    for name in (f"brief{suffix}", f"yesterday{suffix}"):
        assert f"briefer: skipped {day / name}: written by briefer" in second.stderr
    # "N stories from 34 articles; ...": the same day, not the day plus its own brief.
    assert _stories(second.stderr) == _stories(first.stderr)


def _stories(stderr: str) -> str:
    return next(line for line in stderr.splitlines() if " stories from " in line)


def test_a_missing_output_folder_is_found_before_any_model_call(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "brief.md"
    result = run_briefer("summarize", str(SEED), *CLOSED_SERVER, "-o", str(target))
    assert result.returncode == 2
    assert one_error_line(result).endswith(f"no such folder {target.parent}")


def test_a_folder_named_as_output_is_refused_and_left_alone(tmp_path: Path) -> None:
    result = run_briefer("brief", str(BRIEF_DAY), *CLOSED_SERVER, "-o", str(tmp_path))
    assert result.returncode == 2
    assert "is a folder" in one_error_line(result)
    assert list(tmp_path.iterdir()) == []


def test_a_full_device_as_output_is_one_line_and_exit_1(tmp_path: Path) -> None:
    full = _device(tmp_path / "full", 7)
    result = run_briefer("summarize", str(SEED), "--offline", "-o", str(full))
    assert result.returncode == 1
    assert "No space left on device" in one_error_line(result)


def _full_stdout(tmp: Path) -> Path:
    try:
        return _device(tmp / "full", 7)
    except pytest.skip.Exception:
        return Path("/dev/full")  # opened for writing only: it is not replaced


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["summarize", str(SEED), "--offline"], id="summarize"),
        pytest.param(["brief", str(BRIEF_DAY), "--offline"], id="brief"),
        pytest.param(["schema"], id="schema"),
        pytest.param(["brief", str(BRIEF_DAY), "--dry-run", "--model", "gpt-4o-mini"], id="plan"),
    ],
)
def test_a_full_disk_behind_stdout_is_one_line_and_exit_1(args: list[str], tmp_path: Path) -> None:
    with _full_stdout(tmp_path).open("w") as full:
        result = run_briefer(*args, "-q" if args[0] != "schema" else "--loose", stdout=full)
    assert result.returncode == 1
    assert one_error_line(result) == (
        "briefer: error: cannot write to standard output: No space left on device"
    )


def _fail_with(monkeypatch: pytest.MonkeyPatch, target: str, code: int) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(target, refuse)


@pytest.mark.parametrize(
    ("target", "code"),
    [
        pytest.param("tempfile.mkstemp", errno.EROFS, id="read-only-file-system"),
        pytest.param("briefer.cli._output._write_all", errno.ENOSPC, id="disk-full"),
        pytest.param("os.replace", errno.EIO, id="io-error"),
    ],
)
def test_a_file_system_that_refuses_the_output_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    target: str,
    code: int,
) -> None:
    out = tmp_path / "out.md"
    out.write_text("the previous brief")
    _fail_with(monkeypatch, target, code)
    assert main(["summarize", str(SEED), "--offline", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert (
        captured.err.splitlines()[-1] == f"briefer: error: cannot write {out}: {os.strerror(code)}"
    )
    assert out.read_text() == "the previous brief"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_a_read_only_file_system_is_found_before_any_model_call(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _fail_with(monkeypatch, "tempfile.mkstemp", errno.EROFS)
    code = main(["brief", str(BRIEF_DAY), *CLOSED_SERVER, "-o", str(tmp_path / "b.md")])
    assert code == 1
    assert capsys.readouterr().err.strip() == (
        f"briefer: error: cannot write {tmp_path / 'b.md'}: Read-only file system"
    )


def _drain(fd: int, into: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other end closed
            return
        if not chunk:
            return
        into.append(chunk)


HOSTILE_ARTICLE = (
    "Council votes \x1b]0;pwned\x07on budget\n\n"
    'The mayor said \x1b[2J\x1b[31m"we will rebuild the bridge"\x1b[0m on Monday. '
    "The vote passed \x9b31m by nine to two.\r\x1b[Kforged line\n"
)


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_nothing_an_article_holds_can_drive_the_terminal(tmp_path: Path, fmt: str) -> None:
    article = tmp_path / "evil.txt"
    article.write_text(HOSTILE_ARTICLE)
    controller, terminal = pty.openpty()
    tty.setraw(terminal)  # no \n -> \r\n translation: what arrives is what briefer wrote
    shown: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(controller, shown), daemon=True)
    reader.start()
    result = run_briefer("summarize", str(article), "--offline", "-q", "-f", fmt, stdout=terminal)
    os.close(terminal)
    reader.join(timeout=10)
    os.close(controller)
    assert result.returncode == 0, result.stderr
    text = b"".join(shown).decode("utf-8")
    assert "by nine to two" in text
    assert not [c for c in text if ord(c) < 32 and c not in "\t\n" or 0x7F <= ord(c) <= 0x9F]


def test_notes_on_stderr_carry_no_control_characters(tmp_path: Path) -> None:
    _article(tmp_path, "good.txt")
    (tmp_path / "bad\x1b[2J\x1b]0;x\x07.txt").write_bytes(b"\x00binary")
    result = run_briefer("brief", str(tmp_path), "--offline", "-f", "json")
    assert result.returncode == 1
    assert f"briefer: not included: {tmp_path}/bad.txt: binary file, not text" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
