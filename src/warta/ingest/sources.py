"""Turn the paths a user names into a stream of inputs: files, directories, globs and stdin.

Only regular files are read. Whatever else a path can name (a named pipe, which would block
forever; a socket; a device; a loop of symbolic links) is refused at once, by name. A file name
that is not valid UTF-8 is shown with the offending bytes escaped (``bad\\xff.txt``), and read.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from warta.errors import InputRejected, SourceNotFound

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")

#: What a path that is not a regular file is, by the type bits of its mode.
_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file path, or standard input when ``path`` is None.

    ``name`` is how the input is reported and recorded: the path as printable text.
    """

    name: str
    path: Path | None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A hidden file or directory passed over while walking a directory (not a refusal)."""

    name: str
    reason: str


def display_name(path: str | Path) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 (kept by Python
    as lone surrogates) shown as ``\\xff`` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def expand(
    paths: Iterable[str], names: Mapping[str, str] | None = None
) -> Iterator[Source | InputRejected | Skipped]:
    """Every file the given paths name, in a stable order.

    Directories are walked recursively in sorted order; hidden files and directories (names
    starting with a dot) are skipped, as version control and editors keep their state there,
    and each one skipped is reported as :class:`Skipped`. A glob (``data/**/*.txt``) is
    expanded; ``-`` means standard input. A path that does not exist, a glob that matches
    nothing, a directory that cannot be read and anything that is not a regular file come out
    as refusals, so the caller can report them and go on.

    ``names`` gives the name to report and record for a file path given (an upload's name as
    its client sent it, rather than where the server keeps it).
    """
    seen: set[str] = set()
    names = names or {}
    for given in paths:
        if given == STDIN:
            yield Source("<stdin>", None)
        elif "\x00" in given:  # no file system takes it; Python would raise
            yield SourceNotFound(display_name(given.replace("\x00", "\\x00")), "NUL in a path")
        else:
            yield from _given(given, seen, names)


def _given(
    given: str, seen: set[str], names: Mapping[str, str]
) -> Iterator[Source | InputRejected | Skipped]:
    path = Path(given)
    if given in names:
        yield from _checked_file(path, seen, names[given])
    elif os.path.lexists(path):
        yield from _files(path, seen)
    elif _GLOB_CHARS & set(given):
        matches = sorted(Path(match) for match in glob.glob(given, recursive=True))
        if not matches:
            yield SourceNotFound(display_name(given), "no file matches this pattern")
        for match in matches:
            yield from _files(match, seen)
    else:
        yield SourceNotFound(display_name(given), "no such file or directory")


def _files(path: Path, seen: set[str]) -> Iterator[Source | InputRejected | Skipped]:
    """The file itself, or every file below a directory; each file once per run."""
    if not _is_directory(path):
        yield from _checked_file(path, seen)
        return
    errors: list[OSError] = []
    for candidate in _walk(path, errors):
        if isinstance(candidate, Skipped):
            yield candidate
        else:
            yield from _checked_file(candidate, seen)
    for error in errors:  # os.walk skips what it cannot enter; say so
        name = display_name(error.filename or path)
        yield InputRejected(name, f"cannot read: {error.strerror or error}")


def _checked_file(
    path: Path, seen: set[str], name: str | None = None
) -> Iterator[Source | InputRejected]:
    name = name or display_name(path)
    try:
        mode = path.stat().st_mode
    except OSError as exc:  # a broken link, a loop of links, no permission
        yield InputRejected(name, f"cannot read: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(mode):
        kind = next((what for test, what in _FILE_KINDS if test(mode)), "not a regular file")
        yield InputRejected(name, f"{kind}, not a file: only regular files are read")
        return
    key = os.path.realpath(path)
    if key not in seen:
        seen.add(key)
        yield Source(name, path)


def _is_directory(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _walk(root: Path, errors: list[OSError]) -> Iterator[Path | Skipped]:
    """Files below ``root``, following directory links but never into a loop of them."""
    entered: set[str] = set()
    for directory, subdirectories, files in os.walk(root, onerror=errors.append, followlinks=True):
        entered.add(os.path.realpath(directory))
        kept = []
        for name in sorted(subdirectories):
            where = Path(directory, name)
            if name.startswith("."):
                yield Skipped(display_name(where), "hidden directory (its name starts with '.')")
            elif os.path.realpath(where) not in entered:
                kept.append(name)
        subdirectories[:] = kept
        for name in sorted(files):
            if name.startswith("."):
                where = Path(directory, name)
                yield Skipped(display_name(where), "hidden file (its name starts with '.')")
            else:
                yield Path(directory) / name
