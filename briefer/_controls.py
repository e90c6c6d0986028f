"""Text from outside made safe to print: no terminal escapes, control characters or bidi
overrides. Re-exported as :func:`briefer.text.strip_controls`."""

from __future__ import annotations

import re

__all__ = ["strip_controls"]

# Terminal escape sequences, removed whole so no "[31m" is left behind: CSI (ESC [ or the
# 8-bit 0x9b), OSC (ESC ] or 0x9d, ended by BEL or ST), DCS/SOS/PM/APC strings, and two-byte
# ESC sequences. Then every other C0/C1 control but tab and newline, and the bidirectional
# overrides and isolates that make a terminal or viewer show text in another order.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -~]?"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """``text`` without escape sequences, control characters (but tab and newline) or bidi
    overrides: safe to print on a terminal, and inert in Markdown.

    A carriage return, which lets text overwrite what a terminal already shows, becomes a
    line break (and a CR LF pair one line break).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))
