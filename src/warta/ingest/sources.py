"""Turn the paths a user names into a stream of inputs: files, directories, globs and stdin."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warta.errors import SourceNotFound

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file path, or standard input when ``path`` is None."""

    name: str
    path: Path | None


def expand(paths: Iterable[str]) -> Iterator[Source | SourceNotFound]:
    """Every file the given paths name, in a stable order.

    Directories are walked recursively in sorted order; hidden files and directories (names
    starting with a dot) are skipped, as version control and editors keep their state there.
    A glob (``data/**/*.txt``) is expanded; ``-`` means standard input. A path that does not exist
    and a glob that matches nothing come out as :class:`SourceNotFound` values, so the caller can
    report them and go on.
    """
    seen: set[Path] = set()
    for given in paths:
        if given == STDIN:
            yield Source("<stdin>", None)
            continue
        path = Path(given)
        if path.is_dir():
            yield from _unseen(_walk(path), seen)
        elif path.exists():
            yield from _unseen([path], seen)
        elif _GLOB_CHARS & set(given):
            matches = sorted(Path(m) for m in glob.glob(given, recursive=True))
            if not matches:
                yield SourceNotFound(given, "no file matches this pattern")
            for match in matches:
                yield from _unseen(_walk(match) if match.is_dir() else [match], seen)
        else:
            yield SourceNotFound(given, "no such file or directory")


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirectories, files in os.walk(root, followlinks=True):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(directory) / name


def _unseen(paths: Iterable[Path], seen: set[Path]) -> Iterator[Source]:
    """Each file once, even when two arguments name it (``dir`` and ``dir/a.txt``)."""
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            yield Source(str(path), path)
