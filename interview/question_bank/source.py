"""Read a bank file's text defensively: regular files only, bounded size, clean characters.

A bank may come from a pull request nobody has looked at yet, so nothing in the file
system or the bytes may crash or block the reader: a FIFO would block ``open()`` forever,
``/dev/zero`` never ends, a link may loop or dangle, and characters YAML refuses (NUL,
control characters) would otherwise surface as a traceback without a line number.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path

MAX_FILE_BYTES = 256 * 1024  # the largest real area file has 4 KiB

# What PyYAML refuses (C0/C1 controls, DEL, U+FFFE/U+FFFF), plus the characters that
# Python and YAML count as line breaks but editors do not (so line numbers would differ).
# Tab and line feed are fine; a carriage return is fine only before a line feed.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")

LINE_SEPARATORS = {
    "\x85": "next-line character",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
}


class SourceProblem(Exception):
    """The file cannot be read as bank text: ``line`` 0 means the file as a whole."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_text(path: Path) -> str:
    """The file's text, with a leading byte-order mark removed and CRLF turned into LF.

    Raises ``SourceProblem`` for anything that is not a readable regular UTF-8 file
    of at most ``MAX_FILE_BYTES`` with only printable characters.
    """
    text = _decode(_read_bytes(path)).replace("\r\n", "\n")
    first = FORBIDDEN.search(text)
    if first is None:
        return text
    line = text.count("\n", 0, first.start()) + 1
    # Other lines with such characters, counted in one pass: a file full of NULs stays linear.
    more = sum(
        1 for text_line in text[first.start() :].split("\n")[1:] if FORBIDDEN.search(text_line)
    )
    message = describe_character(first.group())
    if more:
        message += f" (and on {more} more line(s))"
    raise SourceProblem(line, message)


def entry_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a bank file (broken link, folder, FIFO, ...), or ``None``."""
    try:
        info = os.stat(path)  # follows links: a link to a regular file is fine
    except OSError as exc:
        return _os_error(path, exc)
    return _kind_problem(info.st_mode)


def describe_character(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        return f"NUL character ({code}) is not allowed"
    if char == "\r":
        return f"carriage return ({code}) without a line feed is not allowed"
    if "\ud800" <= char <= "\udfff":
        return f"lone surrogate {code} is not a character"
    if char in LINE_SEPARATORS:
        return f"{LINE_SEPARATORS[char]} ({code}) is not allowed; use a normal line break"
    return f"control character {code} is not allowed"


def _read_bytes(path: Path) -> bytes:
    problem = entry_problem(path)
    if problem:
        raise SourceProblem(0, problem)
    # O_NONBLOCK: if the entry was swapped for a FIFO since the check, open() still returns.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SourceProblem(0, _os_error(path, exc)) from exc
    try:
        problem = _kind_problem(os.fstat(fd).st_mode)
        if problem:
            raise SourceProblem(0, problem)
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise SourceProblem(0, _os_error(path, exc)) from exc
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:
        raise SourceProblem(0, f"file is larger than {MAX_FILE_BYTES // 1024} KiB")
    return b"".join(chunks)


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceProblem(1, "file is UTF-16 (starts with a UTF-16 byte-order mark); use UTF-8")
    data = data.removeprefix(codecs.BOM_UTF8)  # accepted, see question_bank/README.md
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceProblem(data.count(b"\n", 0, exc.start) + 1, "file is not valid UTF-8") from exc


def _kind_problem(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, expected a Markdown file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    return "is not a regular file"


def _os_error(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link never reaches a file"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "broken link: its target does not exist" if path.is_symlink() else "file not found"
    if exc.errno == errno.EACCES:
        return "cannot read the file: permission denied"
    return f"cannot read the file: {exc.strerror or exc}"


def display_path(path: Path) -> str:
    """Relative to the working directory when below it (short, clickable), always printable.

    Not ``Path.resolve()``: it raises on a link loop. A file name that is not UTF-8 or
    holds control characters is shown with replacement characters, so a message stays
    one printable line.
    """
    absolute = Path(os.path.abspath(path))
    try:
        shown = str(absolute.relative_to(Path.cwd()))
    except (ValueError, OSError):
        shown = str(path)
    shown = shown.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return FORBIDDEN.sub("\N{REPLACEMENT CHARACTER}", shown)
