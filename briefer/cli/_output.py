"""Where a command's output goes: standard output, or ``-o FILE`` written whole and safely.

``-o FILE`` is checked before any work: its folder exists, it is not one of the inputs, and
the temporary file the output will go into is created then, so a read-only or full file
system shows up before a model is paid. Then, by what ``FILE`` is:

- a regular file, or a new path: replaced atomically. The text goes into a temporary file
  created exclusively (``O_EXCL``, never following a link planted there), with a random name,
  in the target's own folder, is flushed to disk and renamed over the target. The target's
  permissions (and owner, when run as root) are kept. A symlink is followed: the file it
  points to is replaced and the link stays.
- a character device (``/dev/null``, a terminal) or a FIFO: written through, never replaced.
- a folder, block device or socket: refused.

Failing to write (``ENOSPC``, ``EROFS``, ``EIO``) is one line on stderr and exit 1; the
target is left as it was and the temporary file removed.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from briefer.errors import BrieferError, UsageError
from briefer.text import strip_controls

__all__ = ["Output", "OutputError", "open_output", "write_stdout"]

# A wrong path is the user's to fix (exit 2); anything else is the system failing (exit 1).
_USAGE_ERRNOS = {
    errno.EACCES,
    errno.EPERM,
    errno.ENOENT,
    errno.ENOTDIR,
    errno.EISDIR,
    errno.ENAMETOOLONG,
    errno.ELOOP,
}


class OutputError(BrieferError):
    """The output could not be written (a full disk, a read-only file system): exit 1."""


def _failure(where: str, exc: OSError) -> BrieferError:
    reason = exc.strerror or str(exc)
    if exc.errno in _USAGE_ERRNOS:
        return UsageError(f"cannot write {where}: {reason}")
    return OutputError(f"cannot write {where}: {reason}")


class Output:
    """Standard output, or a file prepared by :func:`open_output`; ``write`` once."""

    def __init__(
        self,
        path: Path | None,
        *,
        final: Path | None = None,
        through: bool = False,
        existing: os.stat_result | None = None,
    ) -> None:
        self.path = path
        """The path as the user gave it; None for standard output."""
        self._final = final
        self._through = through
        self._existing = existing
        self._fd: int | None = None
        self._temp: Path | None = None
        if final is not None and not through:
            try:
                self._fd, name = tempfile.mkstemp(
                    prefix=f".{final.name}.", suffix=".tmp", dir=final.parent
                )
            except OSError as exc:
                raise _failure(str(path), exc) from None
            self._temp = Path(name)

    def write(self, text: str) -> None:
        """Write ``text`` (with a final newline) to where this output goes."""
        if not text.endswith("\n"):
            text += "\n"
        if self.path is None:
            write_stdout(text)
        elif self._through:
            self._write_through(text)
        else:
            self._replace(text)

    def discard(self) -> None:
        """Remove the temporary file of an output that was never written."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._temp is not None:
            self._temp.unlink(missing_ok=True)
            self._temp = None

    def _replace(self, text: str) -> None:
        assert self._fd is not None and self._temp is not None and self._final is not None
        fd, self._fd = self._fd, None
        try:
            try:
                _write_all(fd, text.encode("utf-8"))
                os.fchmod(fd, _mode_for(self._existing))
                if self._existing is not None and os.geteuid() == 0:
                    os.fchown(fd, self._existing.st_uid, self._existing.st_gid)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(self._temp, self._final)
        except OSError as exc:
            self.discard()
            raise _failure(str(self.path), exc) from None
        self._temp = None
        _sync_folder(self._final.parent)

    def _write_through(self, text: str) -> None:
        assert self._final is not None
        try:
            # No O_CREAT: this never makes a file; no O_TRUNC: a device is not a file.
            fd = os.open(self._final, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
        except OSError as exc:
            raise _failure(str(self.path), exc) from None
        try:
            mode = os.fstat(fd).st_mode
            if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
                raise UsageError(f"cannot write {self.path}: it changed while briefer ran")
            if os.isatty(fd):
                text = strip_controls(text)
            _write_all(fd, text.encode("utf-8"))
        except OSError as exc:
            raise _failure(str(self.path), exc) from None
        finally:
            os.close(fd)


def open_output(path: Path | None, *, inputs: Sequence[str | Path] = ()) -> Output:
    """Check ``-o path`` before any work and prepare it; None (or ``-``) is standard output.

    Raises:
        UsageError: the folder is missing, the path is a folder, block device or socket, it
            cannot be written, or it is one of ``inputs`` (exit 2).
        OutputError: the file system refuses a new file (read-only, full): exit 1.
    """
    if path is None or str(path) == "-":
        return Output(None)
    final = Path(os.path.realpath(path))  # a symlink is followed, not replaced
    try:
        existing: os.stat_result | None = os.stat(final)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise _failure(str(path), exc) from None
    if existing is None:
        folder = final.parent
        shown = folder if path.parent.exists() else path.parent  # where a symlink points
        if not folder.exists():
            raise UsageError(f"cannot write {path}: no such folder {shown}")
        if not folder.is_dir():
            raise UsageError(f"cannot write {path}: {shown} is not a folder")
        return Output(path, final=final)
    mode = existing.st_mode
    if stat.S_ISDIR(mode):
        raise UsageError(f"cannot write {path}: it is a folder")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        if not os.access(final, os.W_OK):
            raise UsageError(f"cannot write {path}: permission denied")
        return Output(path, final=final, through=True)
    if not stat.S_ISREG(mode):
        kind = "a block device" if stat.S_ISBLK(mode) else "not a file"
        raise UsageError(f"refusing to write {path}: it is {kind}")
    if not os.access(final, os.W_OK):
        raise UsageError(f"cannot write {path}: permission denied")
    _refuse_inputs(path, existing, inputs)
    return Output(path, final=final, existing=existing)


def _refuse_inputs(path: Path, target: os.stat_result, inputs: Sequence[str | Path]) -> None:
    """An output that is also an input would overwrite the article: refuse it up front."""
    from briefer.articles import MAX_ARTICLE_BYTES, folder_files, is_briefer_output

    same = (target.st_dev, target.st_ino)
    for item in inputs:
        name = str(item)
        if name.startswith(("http://", "https://")):
            continue
        if name == "-":
            try:
                stdin = os.fstat(sys.stdin.fileno())
            except (OSError, ValueError, AttributeError):
                continue
            if (stdin.st_dev, stdin.st_ino) == same:
                raise UsageError(f"-o {path} is the standard input; write the output elsewhere")
            continue
        candidate = Path(item)
        folder = candidate.is_dir()
        for file in folder_files(candidate) if folder else [candidate]:
            try:
                info = file.stat()
            except OSError:
                continue
            if (info.st_dev, info.st_ino) != same:
                continue
            # A brief written before into a folder of articles is skipped when the folder is
            # read, so replacing it is fine; a file named as an input is read, whatever it is.
            if folder:
                with file.open("rb") as handle:
                    if is_briefer_output(handle.read(MAX_ARTICLE_BYTES)):
                        continue
            raise UsageError(f"{path} is also an input ({file}); write the output elsewhere")


def write_stdout(text: str, stream: IO[str] | None = None) -> None:
    """Write to standard output; on a terminal without control characters.

    Raises:
        OutputError: standard output refuses the text (``> /dev/full``).
        BrokenPipeError: the reader went away (``| head``); the caller exits quietly.
    """
    out = stream or sys.stdout
    if _isatty(out):
        text = strip_controls(text)
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise
    except OSError as exc:
        _silence_stdout()
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write to standard output: {reason}") from None


def flush_stdout() -> None:
    """Flush what is still buffered for standard output, as :func:`write_stdout` reports."""
    write_stdout("")


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):
        return False


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so Python's own flush at exit does not fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass  # a replaced sys.stdout (tests, embedding) has no file descriptor to point


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _mode_for(existing: os.stat_result | None) -> int:
    """The replaced file's permissions, or what a new file gets under the umask."""
    if existing is not None:
        return stat.S_IMODE(existing.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; some file systems cannot open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
