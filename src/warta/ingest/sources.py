"""Turn the paths a user names into a stream of inputs: files, directories, globs and stdin."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warta.errors import InputRejected, SourceNotFound

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file path, or standard input when ``path`` is None."""

    name: str
    path: Path | None


def expand(paths: Iterable[str]) -> Iterator[Source | InputRejected]:
    """Every file the given paths name, in a stable order.

    Directories are walked recursively in sorted order; hidden files and directories (names
    starting with a dot) are skipped, as version control and editors keep their state there.
    A glob (``data/**/*.txt``) is expanded; ``-`` means standard input. A path that does not exist,
    a glob that matches nothing and a directory that cannot be read come out as refusals, so the
    caller can report them and go on.
    """
    seen: set[Path] = set()
    for given in paths:
        if given == STDIN:
            yield Source("<stdin>", None)
            continue
        path = Path(given)
        if path.exists():
            yield from _files(path, seen)
        elif _GLOB_CHARS & set(given):
            matches = sorted(Path(match) for match in glob.glob(given, recursive=True))
            if not matches:
                yield SourceNotFound(given, "no file matches this pattern")
            for match in matches:
                yield from _files(match, seen)
        else:
            yield SourceNotFound(given, "no such file or directory")


def _files(path: Path, seen: set[Path]) -> Iterator[Source | InputRejected]:
    """The file itself, or every file below a directory; each file once per run."""
    errors: list[OSError] = []
    candidates = _walk(path, errors) if path.is_dir() else iter([path])
    for candidate in candidates:
        key = candidate.resolve()
        if key not in seen:
            seen.add(key)
            yield Source(str(candidate), candidate)
    for error in errors:  # os.walk skips what it cannot enter; say so
        yield InputRejected(str(error.filename or path), f"cannot read: {error.strerror}")


def _walk(root: Path, errors: list[OSError]) -> Iterator[Path]:
    """Files below ``root``, following directory links but never into a loop of them."""
    entered: set[str] = set()
    for directory, subdirectories, files in os.walk(root, onerror=errors.append, followlinks=True):
        entered.add(os.path.realpath(directory))
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not name.startswith(".") and os.path.realpath(Path(directory, name)) not in entered
        )
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(directory) / name
